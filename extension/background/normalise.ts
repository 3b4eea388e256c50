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
  // One object per event, its fields added by kind: this runs for every event of every request.
  const ev: Record<string, unknown> = {
    kind, requestId: String(d.requestId), tabId: d.tabId, frameId: d.frameId, url: d.url, method: d.method, type: d.type, initiator: initiatorOf(d), t: d.timeStamp,
  };
  switch (kind) {
    case 'before-send-headers':
    case 'send-headers':
      ev.headers = headers(d.requestHeaders);
      break;
    case 'headers-received':
      ev.status = d.statusCode ?? 0;
      ev.headers = headers(d.responseHeaders);
      break;
    case 'before-redirect':
    case 'completed':
      ev.status = d.statusCode ?? 0;
      if (kind === 'before-redirect') ev.redirectUrl = d.redirectUrl ?? '';
      ev.headers = d.responseHeaders ? headers(d.responseHeaders) : null;
      break;
    case 'response-started':
      ev.status = d.statusCode ?? 0;
      ev.fromCache = d.fromCache === true;
      break;
    case 'error':
      ev.error = d.error ?? 'unknown error';
      break;
  }
  if (typeof d.documentId === 'string') ev.documentId = d.documentId;
  return ev as unknown as CaptureEvent;
}

export type { Details };
