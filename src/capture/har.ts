/**
 * Full capture from DevTools (issue #7): `devtools.network.onRequestFinished` HAR entries of the
 * inspected tab, turned into the same CaptureEvents webRequest gives, so the tracker pairs and
 * judges them as usual. Chromium shows there what webRequest shows only to `extraHeaders`
 * listeners (preflights, Origin, Cookie, Set-Cookie), for the inspected tab alone, at no cost to
 * other tabs (an `extraHeaders` listener slows every tab of the browser: docs/PERFORMANCE.md).
 *
 * A HAR entry is one hop, reported when it is over: a preflight is its own entry (before the
 * request it guards: the tracker keeps it as an orphan until the request comes), and each redirect
 * hop is an entry whose `redirectUrl` names the next hop's URL. Entries carry no request id, so
 * hops are joined by that URL.
 */
import { getAll, has } from '../http/headers.js';
import { originOf } from '../http/origin.js';
import { methodAfterRedirect } from '../engine/preflight-check.js';
import type { CaptureEvent } from './events.js';

type HeaderPair = [string, string];

/** One HAR entry, as extension/devtools reads it (our own shape, converted once at the edge). */
export interface HarRequest {
  tabId: number;
  /** startedDateTime, ms since the epoch. */
  startedAt: number;
  method: string;
  url: string;
  /** Chromium's `_resourceType`: fetch, xhr, preflight, script, stylesheet, image, font, document, … */
  resourceType: string;
  requestHeaders: HeaderPair[];
  /** 0 when no response arrived (network failure, or a request the browser never sent). */
  status: number;
  responseHeaders: HeaderPair[];
  /** The next hop's URL for a redirect, else ''. */
  redirectUrl: string;
  /** Chromium's `response._error` (`net::ERR_FAILED` for every CORS failure), or null. */
  error: string | null;
  /** Origin of the inspected page's top document, when known: the initiator of requests without an Origin header. */
  pageOrigin: string | null;
  /** HAR `time`: how long the hop took, ms (its end is `startedAt + time`); absent or negative when unknown. */
  time?: number;
  /**
   * Which page of the inspected tab made the request, as the devtools page counts them: 0 for the
   * page DevTools opened on, +1 at each navigation it saw (entries of one page share a HAR
   * `pageref`, assigned when the request started). The background drops a previous page's entries
   * that arrive after the navigation (src/log/tab-log.ts).
   */
  page?: number;
}

/**
 * Chromium DevTools resource types (`_resourceType`) → webRequest types. Frames become
 * `sub_frame` (the tracker ignores them; never `main_frame`, which would clear the tab's log);
 * preflights `xmlhttprequest` (the tracker knows them by OPTIONS + Access-Control-Request-Method).
 */
const RESOURCE_TYPES: ReadonlyMap<string, string> = new Map([
  ['fetch', 'xmlhttprequest'], ['xhr', 'xmlhttprequest'], ['preflight', 'xmlhttprequest'],
  ['script', 'script'], ['stylesheet', 'stylesheet'], ['image', 'image'], ['font', 'font'], ['media', 'media'],
  ['document', 'sub_frame'], ['ping', 'ping'], ['beacon', 'ping'], ['csp-violation-report', 'csp_report'],
]);

/** webRequest's type for a Chromium DevTools resource type (`other` for the rest: websocket, eventsource, manifest, …). */
export function resourceTypeToWebRequest(resourceType: string): string {
  return RESOURCE_TYPES.get(typeof resourceType === 'string' ? resourceType.toLowerCase() : '') ?? 'other';
}

/** Statuses Chromium follows (with a Location); other 3xx, or a 201 with a Location, end the request. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A redirect whose next hop has not come yet. */
interface Pending {
  seq: number;
  key: string;
  requestId: string;
  initiator: string | null;
  type: string;
  /** The method the next hop must have. */
  method: string;
}

/** Entry fields checked and defaulted (HAR entries come from another context and may be odd); `t` is `startedAt`. */
type Hop = Omit<HarRequest, 'startedAt' | 'time' | 'page'> & { t: number; end: number; page?: number };

/** Turns HAR entries into CaptureEvents (in order), joining redirect hops into one request. */
export class HarJoiner {
  #nextId = 1;
  #seq = 0;
  /** Redirects waiting for their next hop, by `tabId URL` (oldest first). */
  readonly #pending = new Map<string, Pending[]>();
  /** The same, in arrival order (for the bound). */
  readonly #order = new Map<number, Pending>();

  /** @param idPrefix request ids are `<idPrefix><n>` (a relay's session: ids never collide across relays) */
  readonly #emit: (ev: CaptureEvent) => void;
  readonly #maxPending: number;
  readonly #idPrefix: string;

  constructor(emit: (ev: CaptureEvent) => void, maxPending = 2_000, idPrefix = 'har:') {
    this.#emit = emit;
    this.#maxPending = maxPending;
    this.#idPrefix = idPrefix;
  }

  /** Redirects waiting for their next hop (bounded by maxPending). */
  get pendingCount(): number {
    return this.#order.size;
  }

  /** Never throws: an entry it cannot read is dropped, and so is whatever `emit` throws on. */
  push(h: HarRequest): void {
    try {
      const hop = checked(h);
      if (hop) this.#hop(hop);
    } catch {
      // Dropped: capture goes on with the next entry.
    }
  }

  #hop(h: Hop): void {
    const acrm = headerValue(h.requestHeaders, 'access-control-request-method');
    const preflight = h.resourceType === 'preflight' || (h.method === 'OPTIONS' && acrm !== null);
    // Without its Access-Control-Request-Method a preflight pairs with nothing: it would only be
    // mistaken for an OPTIONS request of the page.
    if (preflight && acrm === null) return;
    const redirect = !preflight && h.error === null && REDIRECT_STATUSES.has(h.status) && h.redirectUrl !== ''
      ? nextHopUrl(h.redirectUrl, h.url) : null;
    // A preflight never continues a redirect, even at the redirect's URL: it comes before the hop it guards.
    const cont = preflight ? null : this.#claim(h);
    const requestId = cont ? cont.requestId : `${this.#idPrefix}${this.#nextId++}`;
    const initiator = cont ? cont.initiator : (originHeader(h.requestHeaders) ?? refererOrigin(h.requestHeaders) ?? h.pageOrigin);
    const type = cont ? cont.type : resourceTypeToWebRequest(h.resourceType);
    const base = { requestId, tabId: h.tabId, frameId: 0, url: h.url, method: h.method, type, initiator, t: h.t };
    if (redirect !== null) this.#remember(h.tabId, redirect, { requestId, initiator, type, method: methodAfterRedirect(h.status, h.method) });

    if (!cont) this.#emit(h.page === undefined ? { ...base, kind: 'before-request' } : { ...base, kind: 'before-request', page: h.page });
    // On a later hop the tracker takes only credential evidence (Cookie, Authorization) from it.
    this.#emit({ ...base, kind: 'send-headers', headers: h.requestHeaders });
    // Chromium's log sometimes loses the response of a preflight it refused to follow a redirect of:
    // status 0, net::ERR_INVALID_REDIRECT (seen about one run in three in test/e2e/devtools-capture).
    // Fetch fails a preflight on any redirect status, so the verdict does not depend on which 3xx it
    // was: it is recorded as 307, the status that keeps the method, with the Location it must have
    // had (HAR's redirectURL, empty when that was lost too).
    const lost = preflight && h.status <= 0 && h.error === LOST_PREFLIGHT_REDIRECT;
    const status = lost ? 307 : h.status;
    const responseHeaders: HeaderPair[] = lost && !has(h.responseHeaders, 'location') ? [...h.responseHeaders, ['Location', h.redirectUrl]] : h.responseHeaders;
    if (status > 0) this.#emit({ ...base, kind: 'headers-received', status, headers: responseHeaders });
    // The hop's last event is dated when it ended, as webRequest dates its own.
    const end = { ...base, t: h.end };
    if (redirect !== null) this.#emit({ ...end, kind: 'before-redirect', status: h.status, redirectUrl: redirect, headers: h.responseHeaders.slice() });
    else if (h.error !== null) this.#emit({ ...end, kind: 'error', error: h.error });
    else this.#emit({ ...end, kind: 'completed', status: h.status, headers: null });
  }

  /** The redirect this entry continues: same tab, its URL, the method the redirect gives (oldest first). */
  #claim(h: Hop): Pending | null {
    if (this.#order.size === 0) return null;
    const key = pendingKey(h.tabId, h.url);
    const list = this.#pending.get(key);
    if (!list) return null;
    const i = list.findIndex((p) => p.method === h.method);
    if (i < 0) return null;
    const [p] = list.splice(i, 1);
    if (list.length === 0) this.#pending.delete(key);
    if (!p) return null;
    this.#order.delete(p.seq);
    return p;
  }

  #remember(tabId: number, url: string, p: Omit<Pending, 'seq' | 'key'>): void {
    if (!(this.#maxPending >= 1)) return;
    while (this.#order.size >= this.#maxPending) this.#dropOldest();
    const key = pendingKey(tabId, url);
    const entry: Pending = { ...p, seq: this.#seq++, key };
    const list = this.#pending.get(key);
    if (list) list.push(entry);
    else this.#pending.set(key, [entry]);
    this.#order.set(entry.seq, entry);
  }

  #dropOldest(): void {
    const first = this.#order.values().next();
    if (first.done) return;
    const p = first.value;
    this.#order.delete(p.seq);
    const list = this.#pending.get(p.key);
    if (!list) return;
    const i = list.indexOf(p);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.#pending.delete(p.key);
  }
}

function checked(h: HarRequest): Hop | null {
  if (typeof h !== 'object' || h === null) return null;
  const tabId = h.tabId;
  if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) return null;
  const url = typeof h.url === 'string' ? h.url : '';
  // webRequest (http(s) filters) never sees ws:, data:, blob: or extension URLs, and none is CORS.
  if (!isHttpUrl(url)) return null;
  const status = typeof h.status === 'number' && Number.isFinite(h.status) && h.status > 0 ? Math.trunc(h.status) : 0;
  const t = typeof h.startedAt === 'number' && Number.isFinite(h.startedAt) ? h.startedAt : 0;
  const time = typeof h.time === 'number' && Number.isFinite(h.time) && h.time > 0 ? Math.min(h.time, 86_400_000) : 0;
  return {
    tabId,
    t,
    end: t + time,
    method: typeof h.method === 'string' && h.method !== '' ? h.method : 'GET',
    url,
    resourceType: typeof h.resourceType === 'string' ? h.resourceType.toLowerCase() : '',
    requestHeaders: headerPairs(h.requestHeaders),
    status,
    responseHeaders: headerPairs(h.responseHeaders),
    redirectUrl: typeof h.redirectUrl === 'string' ? h.redirectUrl : '',
    error: typeof h.error === 'string' && h.error !== '' ? h.error : null,
    pageOrigin: typeof h.pageOrigin === 'string' && h.pageOrigin !== '' ? h.pageOrigin : null,
    ...(typeof h.page === 'number' && Number.isInteger(h.page) && h.page >= 0 ? { page: h.page } : {}),
  };
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/**
 * Fresh pairs (events own their header lists), without HTTP/2 pseudo-headers (`:authority`,
 * `:path`, …): webRequest never shows them, and the engine would take them for headers the page set.
 */
function headerPairs(list: unknown): HeaderPair[] {
  if (!Array.isArray(list)) return [];
  const out: HeaderPair[] = [];
  for (const p of list as unknown[]) {
    if (!Array.isArray(p)) continue;
    const [name, value] = p as unknown[];
    if (typeof name !== 'string' || name === '' || name.startsWith(':')) continue;
    out.push([name, typeof value === 'string' ? value : '']);
  }
  return out;
}

/** The first value of a header (a repeated Origin or Referer is malformed: the first one counts). */
function headerValue(headers: readonly HeaderPair[], name: string): string | null {
  return getAll(headers, name)[0] ?? null;
}

/** The request's Origin header: the initiator's serialized origin on a CORS request's first hop ('null' when opaque). */
function originHeader(headers: readonly HeaderPair[]): string | null {
  const v = headerValue(headers, 'origin');
  const origin = v === null ? '' : v.trim();
  return origin === '' ? null : origin;
}

/**
 * Without an Origin header (a request Chromium never sent, a same-origin one), the Referer's
 * origin names the requesting document better than the top page does (a request from an iframe);
 * referrer policies send at least the origin unless `no-referrer`, where the top page is the guess.
 */
function refererOrigin(headers: readonly HeaderPair[]): string | null {
  const v = headerValue(headers, 'referer');
  const o = v === null ? 'null' : originOf(v);
  return o === 'null' ? null : o;
}

const LOST_PREFLIGHT_REDIRECT = 'net::ERR_INVALID_REDIRECT';

/** HAR's redirectURL is the raw Location value: resolved against the hop's URL, as the browser follows it. */
function nextHopUrl(location: string, base: string): string | null {
  try {
    const u = new URL(location, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    // Fetch: a Location without a fragment keeps the current URL's.
    if (u.hash === '') u.hash = new URL(base).hash;
    return u.href;
  } catch {
    return null;
  }
}

/** Hops are matched by URL as the browser serialises it, fragment aside (HAR URLs may lack it). */
function pendingKey(tabId: number, url: string): string {
  let href = url;
  try {
    href = new URL(url).href;
  } catch {
    // Kept as given.
  }
  const hash = href.indexOf('#');
  return `${tabId} ${hash < 0 ? href : href.slice(0, hash)}`;
}

