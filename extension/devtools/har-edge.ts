/**
 * The edge for DevTools' network log: a HAR entry as Chromium's `devtools.network.onRequestFinished`
 * gives it (HAR 1.2 plus Chromium's `_resourceType` and `response._error`) → the compact
 * `RelayedEntry` the relay sends, or nothing when it cannot matter. The only place that reads HAR
 * objects; untrusted shapes are checked field by field (again in the background, which trusts no
 * page: src/capture/har.ts `fromRelayed`).
 *
 * This runs for every request of the inspected tab, so it does as little as it can: no URL parsing,
 * no copies beyond the two flat header lists, and it skips what cannot be a cross-origin matter:
 * a request to the page's own origin, made by the page's own origin (no other Origin or Referer),
 * that completed without a redirect.
 */
import type { RelayedEntry } from '../../src/capture/har.js';

interface HarHeader { name?: unknown; value?: unknown }
export interface HarEntryLike {
  startedDateTime?: unknown;
  pageref?: unknown;
  time?: unknown;
  _resourceType?: unknown;
  request?: { method?: unknown; url?: unknown; headers?: unknown };
  response?: { status?: unknown; headers?: unknown; redirectURL?: unknown; _error?: unknown };
}

const MAX_HEADERS = 256;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function flat(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const n = Math.min(v.length, MAX_HEADERS);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = v[i] as HarHeader | null;
    if (h && typeof h.name === 'string' && typeof h.value === 'string') out.push(h.name, h.value);
  }
  return out;
}

/** The value of a header in a HAR header list (first one, name compared case-insensitively). */
function headerOf(v: unknown, lower: string): string | null {
  if (!Array.isArray(v)) return null;
  for (const h of v as (HarHeader | null)[]) {
    if (h && typeof h.name === 'string' && h.name.length === lower.length && h.name.toLowerCase() === lower) return str(h.value);
  }
  return null;
}

/** `pageOrigin` + '/' prefixes `url`, or `value` is that origin (or a URL on it). */
function onOrigin(value: string, pageOrigin: string): boolean {
  return value === pageOrigin || value.startsWith(pageOrigin + '/');
}

/** The compact entry to relay, or null when the entry cannot concern cross-origin traffic. */
export function toRelayed(e: HarEntryLike, pageOrigin: string | null, page: number): RelayedEntry | null {
  const url = str(e.request?.url);
  const status = e.response?.status;
  const error = e.response?._error;
  const redirect = str(e.response?.redirectURL);
  const failed = typeof error === 'string' && error !== '';
  if (pageOrigin !== null && !failed && redirect === '' && onOrigin(url, pageOrigin)) {
    const origin = headerOf(e.request?.headers, 'origin');
    const referer = headerOf(e.request?.headers, 'referer');
    if ((origin === null || origin === pageOrigin) && (referer === null || onOrigin(referer, pageOrigin))) return null;
  }
  const started = Date.parse(str(e.startedDateTime));
  return {
    t: Number.isFinite(started) ? started : Date.now(),
    time: typeof e.time === 'number' && Number.isFinite(e.time) ? e.time : 0,
    method: str(e.request?.method),
    url,
    type: str(e._resourceType),
    status: typeof status === 'number' && Number.isFinite(status) ? status : 0,
    error: failed ? error : null,
    redirect,
    req: flat(e.request?.headers),
    res: flat(e.response?.headers),
    page,
  };
}
