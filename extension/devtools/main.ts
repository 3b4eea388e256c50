/**
 * The DevTools page: adds the "CORS" panel (panel.html, relative to the extension root) and, in
 * Chromium, relays the inspected tab's network log to the background for full capture (issue #7:
 * cheaper for every other tab than webRequest with `extraHeaders`). It runs as soon as DevTools
 * opens, whether or not the CORS panel is ever shown. Firefox captures through webRequest, which
 * costs no more there.
 */
import { HarJoiner } from '../../src/capture/har.js';
import { browser, isFirefox } from '../platform.js';
import { fromHarEntry, type HarEntryLike } from './har-edge.js';
import { startRelay } from './relay.js';

void browser.devtools.panels.create('CORS', '', 'panel.html');

if (!isFirefox) {
  const tabId = browser.devtools.inspectedWindow.tabId;
  let pageOrigin: string | null = null;
  const learnOrigin = (url: string): void => {
    try {
      pageOrigin = new URL(url).origin;
    } catch {
      pageOrigin = null;
    }
  };
  // Chromium's inspectedWindow.eval takes a callback (it returns no promise).
  const evalWithCallback = browser.devtools.inspectedWindow.eval as unknown as (expression: string, callback: (result: unknown) => void) => void;
  evalWithCallback('location.href', (href) => {
    if (typeof href === 'string') learnOrigin(href);
  });
  browser.devtools.network.onNavigated.addListener(learnOrigin);
  // Record ids must not collide with an earlier DevTools session's (the log outlives this page).
  const session = `dt${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:`;
  const send = startRelay((name) => browser.runtime.connect({ name }), tabId);
  const joiner = new HarJoiner((ev) => send({ ...ev, requestId: session + ev.requestId }));
  browser.devtools.network.onRequestFinished.addListener((req) => {
    joiner.push(fromHarEntry(req as unknown as HarEntryLike, tabId, pageOrigin));
  });
}
