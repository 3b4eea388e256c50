/**
 * webRequest listeners. Registered synchronously at start-up so that events wake an MV3 service
 * worker that was stopped (listeners added later are not remembered across restarts).
 */
import type { WebRequest } from 'webextension-polyfill';
import type { CaptureEvent } from '../../src/capture/events.js';
import { browser, extraHeaders } from '../platform.js';
import { normalise, type Details } from './normalise.js';

export const FILTER: WebRequest.RequestFilter = { urls: ['http://*/*', 'https://*/*'] };

export function listen(sink: (ev: CaptureEvent) => void): void {
  const wr = browser.webRequest;
  const extra = extraHeaders ? (['extraHeaders'] as const) : ([] as const);
  const on = (kind: CaptureEvent['kind']) => (d: object) => {
    sink(normalise(kind, d as Details));
  };
  wr.onBeforeRequest.addListener(on('before-request'), FILTER, ...(extraHeaders ? [['extraHeaders' as const]] : []));
  // Without 'requestHeaders': onSendHeaders carries the final headers; asking for them twice would
  // double the cost of every request (issue #7 measures the cost per dispatched event and payload).
  wr.onBeforeSendHeaders.addListener(on('before-send-headers'), FILTER, ...(extraHeaders ? [['extraHeaders' as const]] : []));
  wr.onSendHeaders.addListener(on('send-headers'), FILTER, ['requestHeaders', ...extra]);
  wr.onHeadersReceived.addListener(on('headers-received'), FILTER, ['responseHeaders', ...extra]);
  wr.onBeforeRedirect.addListener(on('before-redirect'), FILTER, ['responseHeaders', ...extra]);
  wr.onResponseStarted.addListener(on('response-started'), FILTER, ...(extraHeaders ? [['extraHeaders' as const]] : []));
  wr.onCompleted.addListener(on('completed'), FILTER, ...(extraHeaders ? [['extraHeaders' as const]] : []));
  // Firefox throws on a third argument here, even `undefined` (§5.2): exactly two.
  wr.onErrorOccurred.addListener(on('error'), FILTER);
}
