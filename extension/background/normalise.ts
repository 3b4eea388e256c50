/**
 * The edge: webRequest detail objects → our CaptureEvent, once. Nothing else in the extension
 * reads browser event objects.
 */
import type { WebRequest } from 'webextension-polyfill';
import type { CaptureEvent, EventKind } from '../../src/capture/events.js';
import type { HeaderPair } from '../../src/http/headers.js';
import { originOf } from '../../src/http/origin.js';

type Details = WebRequest.OnBeforeRequestDetailsType & {
  /** Chromium: serialized origin of the initiator. */
  initiator?: string;
  requestHeaders?: WebRequest.HttpHeaders;
  responseHeaders?: WebRequest.HttpHeaders;
  statusCode?: number;
  redirectUrl?: string;
  error?: string;
  fromCache?: boolean;
};

function headers(list: WebRequest.HttpHeaders | undefined): HeaderPair[] {
  if (!list) return [];
  const out: HeaderPair[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const h = list[i] as WebRequest.HttpHeadersItemType;
    // Binary values (Firefox) are kept as Latin-1 text.
    const value = h.value ?? (h.binaryValue ? String.fromCharCode(...h.binaryValue) : '');
    out[i] = [h.name, value];
  }
  return out;
}

/** Chromium gives `initiator`; Firefox gives the triggering document's URL (§5.2). */
function initiatorOf(d: Details): string | null {
  if (typeof d.initiator === 'string') return d.initiator;
  const url = d.originUrl ?? d.documentUrl;
  return url ? originOf(url) : null;
}

export function normalise(kind: EventKind, d: Details): CaptureEvent {
  const base = {
    requestId: String(d.requestId),
    tabId: d.tabId,
    frameId: d.frameId,
    url: d.url,
    method: d.method,
    type: d.type,
    initiator: initiatorOf(d),
    t: d.timeStamp,
  };
  switch (kind) {
    case 'before-request':
      return { ...base, kind };
    case 'before-send-headers':
    case 'send-headers':
      return { ...base, kind, headers: headers(d.requestHeaders) };
    case 'headers-received':
      return { ...base, kind, status: d.statusCode ?? 0, headers: headers(d.responseHeaders) };
    case 'before-redirect':
      return { ...base, kind, status: d.statusCode ?? 0, redirectUrl: d.redirectUrl ?? '', headers: d.responseHeaders ? headers(d.responseHeaders) : null };
    case 'response-started':
      return { ...base, kind, status: d.statusCode ?? 0, fromCache: d.fromCache === true };
    case 'completed':
      return { ...base, kind, status: d.statusCode ?? 0, headers: d.responseHeaders ? headers(d.responseHeaders) : null };
    case 'error':
      return { ...base, kind, error: d.error ?? 'unknown error' };
  }
}

export type { Details };
