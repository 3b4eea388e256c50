/**
 * The edge for DevTools' network log: a HAR entry as Chromium's `devtools.network.onRequestFinished`
 * gives it (HAR 1.2 plus Chromium's `_resourceType` and `response._error`) → our `HarRequest`.
 * The only place that reads HAR objects; untrusted shapes are checked field by field.
 */
import type { HarRequest } from '../../src/capture/har.js';

interface HarHeader { name?: unknown; value?: unknown }
export interface HarEntryLike {
  startedDateTime?: unknown;
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
  const out: [string, string][] = [];
  for (const h of v.slice(0, MAX_HEADERS) as HarHeader[]) {
    if (h && typeof h.name === 'string' && typeof h.value === 'string') out.push([h.name, h.value]);
  }
  return out;
}

export function fromHarEntry(e: HarEntryLike, tabId: number, pageOrigin: string | null): HarRequest {
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
  };
}
