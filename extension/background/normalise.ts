/**
 * The edge: webRequest detail objects → our CaptureEvent, once. Nothing else in the extension
 * reads browser event objects.
 */
import type { WebRequest } from 'webextension-polyfill';
import type { CaptureEvent, EventKind } from '../../src/capture/events.js';
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
  /** Chromium: the requesting document. */
  documentId?: string;
};

function headers(list: WebRequest.HttpHeaders | undefined): [string, string][] {
  if (!list) return [];
  const out: [string, string][] = new Array(list.length);
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
  const ev = event(kind, d);
  if (typeof d.documentId === 'string') ev.documentId = d.documentId;
  return ev;
}

function event(kind: EventKind, d: Details): CaptureEvent {
  // Plain literals, no spreads: this runs for every event of every request.
  const requestId = String(d.requestId);
  const initiator = initiatorOf(d);
  switch (kind) {
    case 'before-request':
      return { kind, requestId, tabId: d.tabId, frameId: d.frameId, url: d.url, method: d.method, type: d.type, initiator, t: d.timeStamp };
    case 'before-send-headers':
    case 'send-headers':
      return { kind, requestId, tabId: d.tabId, frameId: d.frameId, url: d.url, method: d.method, type: d.type, initiator, t: d.timeStamp, headers: headers(d.requestHeaders) };
    case 'headers-received':
      return { kind, requestId, tabId: d.tabId, frameId: d.frameId, url: d.url, method: d.method, type: d.type, initiator, t: d.timeStamp, status: d.statusCode ?? 0, headers: headers(d.responseHeaders) };
    case 'before-redirect':
      return { kind, requestId, tabId: d.tabId, frameId: d.frameId, url: d.url, method: d.method, type: d.type, initiator, t: d.timeStamp, status: d.statusCode ?? 0, redirectUrl: d.redirectUrl ?? '', headers: d.responseHeaders ? headers(d.responseHeaders) : null };
    case 'response-started':
      return { kind, requestId, tabId: d.tabId, frameId: d.frameId, url: d.url, method: d.method, type: d.type, initiator, t: d.timeStamp, status: d.statusCode ?? 0, fromCache: d.fromCache === true };
    case 'completed':
      return { kind, requestId, tabId: d.tabId, frameId: d.frameId, url: d.url, method: d.method, type: d.type, initiator, t: d.timeStamp, status: d.statusCode ?? 0, headers: d.responseHeaders ? headers(d.responseHeaders) : null };
    case 'error':
      return { kind, requestId, tabId: d.tabId, frameId: d.frameId, url: d.url, method: d.method, type: d.type, initiator, t: d.timeStamp, error: d.error ?? 'unknown error' };
  }
}

export type { Details };
