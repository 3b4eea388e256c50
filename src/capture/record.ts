/**
 * One request as the capture keeps it: compact, JSON-serialisable (it is what storage.session
 * holds), and turned into an engine `Exchange` on demand.
 */
import type { HeaderPair } from '../http/headers.js';
import { flatGet, fromFlat, type FlatHeaders } from './flat.js';
import { resolveUrl, sameOriginString, urlFacts } from '../http/origin.js';
import { isCorsSignal } from '../engine/network-errors.js';
import { isForbiddenRequestHeader } from '../engine/safelist.js';
import type { Exchange, Hop, ObservedResponse } from '../engine/types.js';
import type { CaptureMode, EntryVerdict } from '../report/types.js';
import type { ProxyInfo } from '../proxy/types.js';

/** What was seen of one preflight (a separate request on the wire, own requestId). */
export interface PreflightSnapshot {
  requestId: string;
  requestHeaders: FlatHeaders;
  status: number | null;
  responseHeaders: FlatHeaders;
  error: string | null;
}

export interface HopRecord {
  url: string;
  status?: number;
  headers?: FlatHeaders;
  preflight?: PreflightSnapshot;
  /** Max-age of the cached preflight that let this hop skip one, when known. */
  cachedMaxAge?: number | null;
  /** After a redirect: the credential headers this hop's request carried (only their names). */
  sentCredentials?: string[];
  /** The method of this hop when a 301/302/303 redirect changed it (POST → GET). */
  method?: string;
}

export interface RequestRecord {
  id: string;
  requestId: string;
  tabId: number;
  frameId: number;
  type: string;
  method: string;
  initiator: string | null;
  startedAt: number;
  hops: HopRecord[];
  /** Request headers of the first hop as sent (null until seen). */
  wireHeaders: FlatHeaders | null;
  error: string | null;
  done: boolean;
  mode: CaptureMode;
  /** Kept up to date for the badge; findings are recomputed whenever an entry is asked for. */
  verdict: EntryVerdict;
  /** Set when the request was logged only because it goes through a proxy (issue #5): no CORS check applies. */
  noCors?: true;
  /** The proxy it goes through, decided when the request is over (badge); absent until then. */
  proxy?: ProxyInfo | null;
  /** When the request ended (its last event); absent while it is open. */
  endedAt?: number;
  /** Time of the last event seen for it (stall detection). */
  lastEventAt?: number;
  /** The last hop's response has started: the browser's CORS check on it passed (Chromium), or its headers are known. */
  answered?: true;
  /** Open with no event for a while and no response yet. */
  stalled?: true;
  /** Given up on: no end was seen within the bound (the log moved on). */
  unfinished?: true;
  /** Reported by DevTools' network log (its own ids and clock), not webRequest. */
  via?: 'devtools';
  /** For `via: 'devtools'`: the relay (devtools page session) that reported it, and its page epoch there. */
  relay?: string;
  page?: number;
  /** The document that made the request (Chromium's webRequest `documentId`), when known. */
  documentId?: string;
  /** Its start was not seen (capture began while it ran): `startedAt` is when it was first seen. */
  startMissed?: true;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A request cancelled (navigation, abort(), a read given up), not failed: Chromium and Firefox's codes. */
export function isCancellation(error: string): boolean {
  return error === 'net::ERR_ABORTED' || error === 'NS_BINDING_ABORTED';
}

/**
 * The URLs the request went to, as the engine judges them: its hops, plus the hop a redirect was
 * refused for. Chromium fails a redirect it refuses (userinfo in the Location, a scheme it will
 * not follow) before onBeforeRedirect, so that hop never gets an event of its own; Fetch's
 * HTTP-redirect fetch (#http-redirect-fetch) makes it a network error in CORS mode.
 */
export function refusedHopUrl(rec: RequestRecord): string | null {
  const last = rec.hops[rec.hops.length - 1];
  if (!last || rec.error === null || !isCorsSignal(rec.error) || last.status === undefined || !REDIRECTS.has(last.status)) return null;
  const location = flatGet(last.headers ?? [], 'location');
  return location === null ? null : resolveUrl(location, last.url);
}

/**
 * Headers a browser adds on its own after its CORS logic ran (so they never caused a preflight),
 * beyond the Fetch standard's forbidden names: UA strings, cache validators added by the HTTP
 * cache, `no-cache` pairs added when DevTools disables the cache, priority hints.
 */
const BROWSER_ADDED = new Set([
  'user-agent', 'cache-control', 'pragma', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since',
  'if-range', 'priority', 'x-client-data', 'upgrade-insecure-requests',
]);

/** The headers the page itself most likely set. A preflight's ACRH still overrides (engine). */
export function authorHeaders(wire: readonly HeaderPair[]): HeaderPair[] {
  return wire.filter(([n, v]) => !BROWSER_ADDED.has(n.toLowerCase()) && !isForbiddenRequestHeader(n, v));
}

/**
 * @param joined the record's response headers come from Firefox's webRequest, which joins repeated
 *   lines into one (ObservedResponse.joined)
 */
export function toExchange(rec: RequestRecord, joined = false): Exchange {
  const hops: Hop[] = rec.hops.map((h) => {
    const hop: Hop = { url: h.url };
    const pf = h.preflight;
    if (pf) {
      if (pf.status !== null) hop.preflight = { kind: 'sent', requestHeaders: fromFlat(pf.requestHeaders), response: response(pf.status, pf.responseHeaders, joined) };
      else if (pf.error !== null && !isCorsSignal(pf.error)) hop.preflight = { kind: 'error', error: pf.error };
    } else if (h.cachedMaxAge !== undefined) {
      hop.preflight = h.cachedMaxAge === null ? { kind: 'cached' } : { kind: 'cached', maxAge: h.cachedMaxAge };
    }
    if (h.status !== undefined) hop.response = response(h.status, h.headers, joined);
    return hop;
  });
  const last = hops[hops.length - 1];
  if (last && rec.error !== null) {
    last.error = rec.error;
    const refused = refusedHopUrl(rec);
    if (refused !== null) hops.push({ url: refused });
  }
  const wire = fromFlat(rec.wireHeaders);
  const ex: Exchange = {
    origin: rec.initiator ?? 'null',
    method: rec.method,
    headers: authorHeaders(wire),
    credentials: 'unknown',
    hops,
  };
  const evidence = credentialEvidence(rec, wire);
  if (evidence) ex.wireHeaders = evidence;
  if (rec.error !== null) ex.browserFailed = isCorsSignal(rec.error);
  return ex;
}

function response(status: number, headers: FlatHeaders | undefined, joined: boolean): ObservedResponse {
  return joined ? { status, headers: fromFlat(headers), joined } : { status, headers: fromFlat(headers) };
}

/**
 * Cookies on a same-origin hop say nothing about the credentials mode (same-origin sends them):
 * only the first cross-origin hop's request headers count.
 */
function credentialEvidence(rec: RequestRecord, wire: HeaderPair[]): HeaderPair[] | null {
  const initiator = rec.initiator ?? 'null';
  for (let i = 0; i < rec.hops.length; i++) {
    const hop = rec.hops[i] as HopRecord;
    const f = urlFacts(hop.url);
    if (f && sameOriginString(initiator, f.origin)) continue;
    if (i === 0) return rec.wireHeaders ? wire : null;
    return hop.sentCredentials ? hop.sentCredentials.map((n) => [n, ''] as HeaderPair) : null;
  }
  return null;
}

/**
 * Is this request in the log? Cross-origin (at any hop) and run in CORS mode: a preflight, or
 * `Sec-Fetch-Mode: cors`, or (where Sec-Fetch-* is not seen) an Origin header or fetch/XHR type.
 * Undecided (null) until its request headers are seen.
 */
export function isCorsRequest(rec: RequestRecord): boolean | null {
  if (rec.initiator === null) return false;
  if (rec.type === 'main_frame' || rec.type === 'sub_frame') return false;
  if (rec.hops.some((h) => h.preflight)) return true;
  const initiator = rec.initiator;
  const crossUrl = (url: string): boolean => {
    const f = urlFacts(url);
    return f !== null && !sameOriginString(initiator, f.origin);
  };
  const refused = refusedHopUrl(rec);
  const cross = rec.hops.some((h) => crossUrl(h.url)) || (refused !== null && crossUrl(refused));
  if (!cross) return false;
  const wire = rec.wireHeaders;
  if (!wire) {
    // Its request headers were never seen (capture switched on mid-flight, events missed): once it
    // is over, fetch/XHR traffic or a CORS failure is taken as CORS.
    if (!rec.done) return null;
    return rec.type === 'xmlhttprequest' || (rec.error !== null && isCorsSignal(rec.error));
  }
  const mode = flatGet(wire, 'sec-fetch-mode');
  if (mode !== null) return mode === 'cors';
  // No Sec-Fetch-* (non-secure URLs, or Chromium hiding them from listeners without
  // 'extraHeaders'): an Origin header, or fetch/XHR traffic, which runs in CORS mode by default.
  return flatGet(wire, 'origin') !== null || rec.type === 'xmlhttprequest';
}
