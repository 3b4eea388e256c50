/**
 * The exact change that makes one failing exchange pass: a header diff on the response that
 * failed, plus the whole CORS policy the request needs (from which server snippets are drawn).
 */
import type { HeaderList } from '../http/headers.js';
import { get } from '../http/headers.js';
import { variesByOrigin } from './warnings.js';
import { parseUrl, stripCredentials } from '../http/origin.js';
import type { FindingCode } from '../catalogue/codes.js';
import { codeInfo } from '../catalogue/codes.js';
import { parseTokenList } from './preflight-check.js';
import type { CorsPolicy, Fix, HeaderChange, ObservedResponse, PreflightNeed, ResponseKind } from './types.js';

export interface FixContext {
  /** The Origin the request carried at the failing hop: what Access-Control-Allow-Origin must echo. */
  originSent: string;
  include: boolean;
  method: string;
  need: PreflightNeed;
  url: string;
  /** The response that must change (null when there was none). */
  response: ObservedResponse | null;
  side: ResponseKind | null;
  /** For redirect findings: the Location that was followed. */
  location?: string;
}

export function policyFor(ctx: FixContext): CorsPolicy {
  return {
    origin: ctx.originSent,
    credentials: ctx.include,
    methods: ctx.need.method ? [ctx.need.method] : [],
    requestHeaders: [...ctx.need.headers],
    exposeHeaders: [],
    maxAge: null,
    preflight: ctx.need.needed,
    path: parseUrl(ctx.url)?.pathname ?? '/',
  };
}

const ORIGIN_CODES = new Set<FindingCode>([
  'missing-allow-origin', 'error-response-without-cors', 'wildcard-origin-with-credentials', 'multiple-allow-origin',
  'invalid-allow-origin', 'allow-origin-mismatch',
  'preflight-missing-allow-origin', 'preflight-error-response-without-cors', 'preflight-wildcard-origin-with-credentials',
  'preflight-multiple-allow-origin', 'preflight-invalid-allow-origin', 'preflight-allow-origin-mismatch',
]);

function current(headers: HeaderList, name: string): string | null {
  return get(headers, name);
}

/** A list value with `extra` added, keeping valid existing items (and dropping `*` where it can't work). */
function mergedList(existing: string | null, extra: string[], dropWildcard: boolean, caseInsensitive: boolean): string {
  const items = parseTokenListLenient(existing).filter((x) => !(dropWildcard && x === '*'));
  const key = (x: string) => (caseInsensitive ? x.toLowerCase() : x);
  const seen = new Set(items.map(key));
  for (const e of extra) if (!seen.has(key(e))) { items.push(e); seen.add(key(e)); }
  return items.join(', ');
}

function parseTokenListLenient(value: string | null): string[] {
  if (value === null) return [];
  return value.split(',').map((x) => x.trim()).filter((x) => parseTokenList(x).bad === null && x !== '');
}

export function fixFor(code: FindingCode, ctx: FixContext): Fix {
  const info = codeInfo(code);
  if (info.fixTarget !== 'server') {
    return { target: info.fixTarget, summary: '', changes: [], status: null, policy: null };
  }
  const side = ctx.side ?? info.response ?? 'actual';
  const headers = ctx.response?.headers ?? [];
  const changes: HeaderChange[] = [];
  const set = (header: string, value: string) => {
    const cur = current(headers, header);
    if (cur !== value) changes.push({ response: side, header, action: 'set', value, current: cur });
  };
  let status: Fix['status'] = null;

  if (ORIGIN_CODES.has(code) || code === 'invalid-allow-credentials' || code === 'preflight-invalid-allow-credentials') {
    set('Access-Control-Allow-Origin', ctx.originSent);
    if (ctx.include) set('Access-Control-Allow-Credentials', 'true');
    if (!variesByOrigin(headers)) {
      const vary = current(headers, 'vary');
      set('Vary', vary ? `${vary}, Origin` : 'Origin');
    }
  }
  switch (code) {
    case 'preflight-invalid-status':
    case 'preflight-error-response-without-cors':
      if (ctx.response && (ctx.response.status < 200 || ctx.response.status > 299)) {
        status = { response: 'preflight', current: ctx.response.status, required: 204 };
      }
      break;
    case 'preflight-redirect':
      status = { response: 'preflight', current: ctx.response?.status ?? 0, required: 204 };
      changes.push({ response: 'preflight', header: 'Location', action: 'remove', value: null, current: current(headers, 'location') });
      break;
    case 'invalid-allow-methods':
    case 'method-not-allowed':
      set('Access-Control-Allow-Methods', mergedList(current(headers, 'access-control-allow-methods'), ctx.need.method ? [ctx.need.method] : [], ctx.include, false));
      break;
    case 'invalid-allow-headers':
    case 'header-not-allowed':
      set('Access-Control-Allow-Headers', mergedList(current(headers, 'access-control-allow-headers'), ctx.need.headers, ctx.include, true));
      break;
    case 'redirect-contains-credentials':
      if (ctx.location) set('Location', stripCredentials(ctx.location));
      break;
  }
  return { target: 'server', summary: summarise(side, ctx, changes, status), changes, status, policy: policyFor(ctx) };
}

function where(side: ResponseKind, ctx: FixContext): string {
  const path = parseUrl(ctx.url)?.pathname ?? ctx.url;
  if (side === 'preflight') return `the OPTIONS (preflight) response for ${path}`;
  if (side === 'redirect') return `the redirect response from ${path}`;
  return `the ${ctx.method} response from ${path}`;
}

function summarise(side: ResponseKind, ctx: FixContext, changes: HeaderChange[], status: Fix['status']): string {
  const parts: string[] = [];
  if (status) parts.push(`answer with status ${status.required} instead of ${status.current}`);
  for (const c of changes) parts.push(c.action === 'remove' ? `remove ${c.header}` : `set ${c.header}: ${c.value}`);
  if (parts.length === 0) return '';
  return `On ${where(side, ctx)}, ${parts.join('; ')}.`;
}
