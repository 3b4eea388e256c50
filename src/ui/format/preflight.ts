/** Why a preflight was sent (the method or headers that caused it), or why none was. */
import type { HeaderPair } from '../../http/headers.js';
import { get, splitList } from '../../http/headers.js';
import type { UnsafeHeaderReason } from '../../engine/types.js';
import { isSafelistedMethod } from '../../engine/safelist.js';
import type { ReportEntry } from '../../report/types.js';

export type PreflightKind = 'sent' | 'cached' | 'none' | 'unknown';

export interface PreflightWhy {
  kind: PreflightKind;
  /** The non-simple method that caused it, or null. */
  method: string | null;
  /** The request headers that caused it, lower-cased, each with why it is not "simple". */
  headers: { name: string; value: string | null; reason: UnsafeHeaderReason | null }[];
  /** For a cached preflight: the max-age that filled the cache, when seen. */
  maxAge: number | null;
  /** One sentence. */
  text: string;
}

const REASON_WORDS: Record<UnsafeHeaderReason, string> = {
  'not-safelisted': 'not a CORS-safelisted header',
  'value-too-long': 'value longer than 128 bytes',
  'unsafe-byte': 'value has a byte browsers do not allow in a simple request',
  'content-type': 'not form, multipart or text/plain',
  range: 'not a single simple byte range',
  'language-chars': 'characters not allowed in a simple request',
  'total-too-long': 'safelisted values exceed 1024 bytes together',
};

export function reasonWords(r: UnsafeHeaderReason): string {
  return REASON_WORDS[r];
}

function valueOf(headers: readonly HeaderPair[], name: string): string | null {
  return get(headers, name);
}

export function preflightWhy(e: ReportEntry, browser: 'chromium' | 'firefox' = 'chromium'): PreflightWhy {
  const wire = e.requestHeaders ?? [];
  // The background computed the need with this browser's safelist (src/report/browsers.ts).
  const view = e.browsers?.[browser].preflight ?? { method: isSafelistedMethod(e.method) ? null : e.method, headers: [] };
  const need = { needed: view.method !== null || view.headers.length > 0, method: view.method, headers: view.headers.map((h) => h.name) };
  const reasons = new Map(view.headers.map((r) => [r.name, r.reason]));
  const pf = e.preflight;
  if (e.requestMode === 'no-cors') {
    return { kind: 'none', method: null, headers: [], maxAge: null, text: 'No preflight: browsers send one only for CORS requests, and this is not one.' };
  }
  if (e.mode === 'light') {
    return { kind: 'unknown', method: null, headers: [], maxAge: null, text: 'Not known: the request was only noted as a failure (light capture).' };
  }
  const turned = methodChange(e);
  if (pf && !pf.cached) {
    // The preflight's own Access-Control-Request-* say what the browser found unsafe.
    const acrm = valueOf(pf.requestHeaders, 'access-control-request-method') ?? e.method;
    const acrh = valueOf(pf.requestHeaders, 'access-control-request-headers');
    const names = acrh === null ? need.headers : splitList(acrh).map((n) => n.toLowerCase());
    const method = isSafelistedMethod(acrm) ? null : acrm;
    const headers = names.map((name) => ({ name, value: valueOf(wire, name), reason: reasons.get(name) ?? null }));
    return { kind: 'sent', method, headers, maxAge: null, text: `A preflight was sent because ${because(method, headers.map((h) => h.name))}.${turned}` };
  }
  const headers = need.headers.map((name) => ({ name, value: valueOf(wire, name), reason: reasons.get(name) ?? null }));
  if (pf?.cached) {
    const maxAge = pf.maxAge ?? null;
    const cause = need.needed ? ` (needed because ${because(need.method, need.headers)})` : '';
    const age = maxAge === null ? '' : `, which allowed caching it for ${maxAge} s (Access-Control-Max-Age)`;
    return { kind: 'cached', method: need.method, headers, maxAge, text: `No preflight on the wire: the browser reused an earlier passing preflight${age}${cause}.` };
  }
  const simple = `${isSafelistedMethod(e.method) ? e.method : 'its method'} with only CORS-safelisted headers`;
  const after = turned === '' ? '' : `${turned} It needed none either.`;
  return { kind: 'none', method: null, headers: [], maxAge: null, text: `No preflight was needed: this is a simple request (${simple}).${after}` };
}

/**
 * " The 303 redirect turned POST into GET." when a redirect changed the method (Fetch
 * #http-redirect-fetch: 301/302 turn POST into GET, 303 every method but HEAD), else "".
 */
function methodChange(e: ReportEntry): string {
  let method = e.method;
  const parts: string[] = [];
  for (const r of e.redirects) {
    if (r.method === undefined || r.method === method) continue;
    parts.push(`The ${r.status} redirect turned ${method} into ${r.method}, without its body; a preflight at the next origin asks for ${r.method}.`);
    method = r.method;
  }
  return parts.length === 0 ? '' : ` ${parts.join(' ')}`;
}

function because(method: string | null, headers: readonly string[]): string {
  const parts: string[] = [];
  if (method) parts.push(`the method ${method} is not GET, HEAD or POST`);
  if (headers.length === 1) parts.push(`the request sets the header ${headers[0]}`);
  else if (headers.length > 1) parts.push(`the request sets the headers ${headers.join(', ')}`);
  return parts.length === 0 ? 'the browser decided so' : parts.join(' and ');
}
