/**
 * The edge for DevTools' network log: a HAR entry as Chromium's `devtools.network.onRequestFinished`
 * gives it (HAR 1.2 plus Chromium's `_resourceType` and `response._error`) → our `HarRequest`, or
 * nothing when it cannot matter. The only place that reads HAR objects; untrusted shapes are checked
 * field by field (again by the joiner, src/capture/har.ts).
 *
 * This runs for every request of the inspected tab, so it skips early what cannot be a cross-origin
 * matter: a request to the page's own origin, made by the page's own origin (no other Origin or
 * Referer), that completed without a redirect. No URL is parsed here.
 */
import type { HarRequest } from '../../src/capture/har.js';

interface HarHeader { name?: unknown; value?: unknown }
export interface HarEntryLike {
  startedDateTime?: unknown;
  time?: unknown;
  pageref?: unknown;
  _resourceType?: unknown;
  request?: { method?: unknown; url?: unknown; headers?: unknown };
  response?: { status?: unknown; headers?: unknown; redirectURL?: unknown; _error?: unknown };
}

const MAX_HEADERS = 256;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function headers(v: unknown): [string, string][] {
  if (!Array.isArray(v)) return [];
  const n = Math.min(v.length, MAX_HEADERS);
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const h = v[i] as HarHeader | null;
    if (h && typeof h.name === 'string' && typeof h.value === 'string') out.push([h.name, h.value]);
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

/** `value` is `pageOrigin`, or a URL on it. */
function onOrigin(value: string, pageOrigin: string): boolean {
  return value === pageOrigin || value.startsWith(pageOrigin + '/');
}

/** A same-origin request of the page that completed without a redirect: nothing CORS Lens logs. */
export function cannotMatter(e: HarEntryLike, pageOrigin: string | null): boolean {
  if (pageOrigin === null) return false;
  const error = e.response?._error;
  if ((typeof error === 'string' && error !== '') || str(e.response?.redirectURL) !== '' || !onOrigin(str(e.request?.url), pageOrigin)) return false;
  const origin = headerOf(e.request?.headers, 'origin');
  const referer = headerOf(e.request?.headers, 'referer');
  return (origin === null || origin === pageOrigin) && (referer === null || onOrigin(referer, pageOrigin));
}

export function fromHarEntry(e: HarEntryLike, tabId: number, pageOrigin: string | null, page: number): HarRequest {
  const started = Date.parse(str(e.startedDateTime));
  const status = e.response?.status;
  const error = e.response?._error;
  return {
    tabId,
    startedAt: Number.isFinite(started) ? started : Date.now(),
    method: str(e.request?.method),
    url: str(e.request?.url),
    resourceType: str(e._resourceType),
    requestHeaders: headers(e.request?.headers),
    status: typeof status === 'number' && Number.isFinite(status) ? status : 0,
    responseHeaders: headers(e.response?.headers),
    redirectUrl: str(e.response?.redirectURL),
    error: typeof error === 'string' && error !== '' ? error : null,
    pageOrigin,
    time: typeof e.time === 'number' && Number.isFinite(e.time) ? e.time : 0,
    page,
  };
}
