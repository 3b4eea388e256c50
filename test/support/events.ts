/** A small DSL for webRequest event sequences, in the shapes extension/ normalises to. */
import type { CaptureEvent } from '../../src/capture/events.js';
type HeaderPair = [string, string];

export const PAGE = 'http://127.0.0.1:5000';
export const API = 'http://127.0.0.1:6000';

export interface Req {
  id: string;
  url: string;
  method: string;
  type?: string;
  tabId?: number;
  frameId?: number;
  initiator?: string | null;
}

type H = Record<string, string | string[]>;

function pairs(h: H): HeaderPair[] {
  const out: HeaderPair[] = [];
  for (const [n, v] of Object.entries(h)) for (const one of Array.isArray(v) ? v : [v]) out.push([n, one]);
  return out;
}

let clock = 1_700_000_000_000;

export function on(r: Req) {
  const base = () => ({
    requestId: r.id, tabId: r.tabId ?? 1, frameId: r.frameId ?? 0, url: r.url, method: r.method,
    type: r.type ?? 'xmlhttprequest', initiator: r.initiator === undefined ? PAGE : r.initiator, t: ++clock,
  });
  return {
    before: (): CaptureEvent => ({ ...base(), kind: 'before-request' }),
    beforeSend: (h: H): CaptureEvent => ({ ...base(), kind: 'before-send-headers', headers: pairs(h) }),
    send: (h: H): CaptureEvent => ({ ...base(), kind: 'send-headers', headers: pairs(h) }),
    received: (status: number, h: H = {}): CaptureEvent => ({ ...base(), kind: 'headers-received', status, headers: pairs(h) }),
    redirect: (status: number, to: string, h: H = {}): CaptureEvent => ({ ...base(), kind: 'before-redirect', status, redirectUrl: to, headers: pairs(h) }),
    started: (status: number): CaptureEvent => ({ ...base(), kind: 'response-started', status, fromCache: false }),
    completed: (status: number): CaptureEvent => ({ ...base(), kind: 'completed', status, headers: null }),
    error: (error: string): CaptureEvent => ({ ...base(), kind: 'error', error }),
  };
}

/** Request headers Chromium sends for a cross-origin fetch() (with extraHeaders). */
export function fetchHeaders(extra: H = {}, origin = PAGE): H {
  return {
    Accept: '*/*', 'Accept-Encoding': 'gzip, deflate', 'Accept-Language': 'en-US,en;q=0.9', Origin: origin,
    'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Site': 'same-site', 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
    'sec-ch-ua': '"Chromium";v="156"', ...extra,
  };
}

export function preflightHeaders(method: string, headers: string | null, origin = PAGE): H {
  const h: H = { Accept: '*/*', 'Access-Control-Request-Method': method, Origin: origin, 'Sec-Fetch-Mode': 'cors', 'User-Agent': 'Mozilla/5.0' };
  if (headers) h['Access-Control-Request-Headers'] = headers;
  return h;
}
