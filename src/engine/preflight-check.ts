/**
 * Checks of a preflight response beyond the CORS check (Fetch #cors-preflight-fetch, steps
 * "methods"/"headerNames"): status, redirect, Access-Control-Allow-Methods/-Headers parsing,
 * and whether the method and every CORS-unsafe header name are allowed.
 */
import { get, has } from '../http/headers.js';
import { isToken } from '../http/tokens.js';
import type { FindingCode, FirefoxReason } from '../catalogue/codes.js';
import type { Profile } from './profile.js';
import { corsCheck, type CorsCheckFailure } from './cors-check.js';
import { isSafelistedMethod } from './safelist.js';
import type { ObservedResponse, PreflightNeed } from './types.js';

export interface PreflightFailure {
  code: FindingCode;
  parameter: string;
  header: string | null;
  observed: string | null;
  required: string | null;
  firefox?: FirefoxReason;
  /** Set when the CORS check itself failed. */
  cors?: CorsCheckFailure;
}

export interface PreflightOutcome {
  failure: PreflightFailure | null;
  /** Authorization got through only because of `*` (allowed by this browser, not by the spec). */
  authorizationByWildcard: boolean;
}

const ACAM = 'access-control-allow-methods';
const ACAH = 'access-control-allow-headers';

/** The method of the hop after a redirect (Fetch #http-redirect-fetch step 12): 301/302 turn POST into GET, 303 everything but HEAD. */
export function methodAfterRedirect(status: number, method: string): string {
  if (status === 303 && method !== 'HEAD') return 'GET';
  if ((status === 301 || status === 302) && method === 'POST') return 'GET';
  return method;
}

export function isRedirect(res: ObservedResponse): boolean {
  const s = res.status;
  return (s === 301 || s === 302 || s === 303 || s === 307 || s === 308) && has(res.headers, 'location');
}

export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** A comma list of tokens; empty items are skipped (Chromium and Gecko both do). */
export function parseTokenList(value: string | null): { items: string[]; bad: string | null } {
  if (value === null) return { items: [], bad: null };
  const items: string[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    if (!isToken(item)) return { items, bad: item };
    items.push(item);
  }
  return { items, bad: null };
}

const PREFLIGHT_CORS_CODE: Record<CorsCheckFailure['kind'], FindingCode> = {
  wildcard: 'preflight-wildcard-origin-with-credentials',
  missing: 'preflight-missing-allow-origin',
  multiple: 'preflight-multiple-allow-origin',
  invalid: 'preflight-invalid-allow-origin',
  mismatch: 'preflight-allow-origin-mismatch',
  credentials: 'preflight-invalid-allow-credentials',
};

export function checkPreflight(
  res: ObservedResponse,
  originSent: string,
  include: boolean,
  method: string,
  need: PreflightNeed,
  profile: Profile,
): PreflightOutcome {
  const none = { failure: null, authorizationByWildcard: false };
  const cors = (): PreflightFailure | null => {
    const f = corsCheck(res.headers, originSent, include, profile, res.joined === true);
    if (!f) return null;
    const code = f.kind === 'missing' && res.status >= 400 ? 'preflight-error-response-without-cors' : PREFLIGHT_CORS_CODE[f.kind];
    return { code, parameter: f.parameter, header: f.header, observed: f.observed, required: f.required, firefox: f.firefox, cors: f };
  };
  const redirect = (): PreflightFailure | null =>
    isRedirect(res)
      ? { code: 'preflight-redirect', parameter: '', header: 'location', observed: get(res.headers, 'location'), required: null }
      : null;
  const status = (): PreflightFailure | null =>
    isOkStatus(res.status) ? null : { code: 'preflight-invalid-status', parameter: '', header: null, observed: String(res.status), required: '200-299' };

  const first = profile.preflightOrder === 'chromium' ? [redirect, cors, status] : [cors, redirect, status];
  for (const step of first) {
    const f = step();
    if (f) return { ...none, failure: f };
  }

  const acamRaw = get(res.headers, ACAM);
  const acahRaw = get(res.headers, ACAH);
  const methods = parseTokenList(acamRaw);
  const names = parseTokenList(acahRaw);
  // Chromium leaves failedParameter empty for unparsable lists (verified in Chromium 156);
  // Firefox's message names the first bad token.
  const badParam = (token: string) => (profile.id === 'firefox' ? token : '');
  const badMethods = (): PreflightFailure | null =>
    methods.bad === null ? null : { code: 'invalid-allow-methods', parameter: badParam(methods.bad), header: ACAM, observed: acamRaw, required: null };
  const badHeaders = (): PreflightFailure | null =>
    names.bad === null ? null : { code: 'invalid-allow-headers', parameter: badParam(names.bad), header: ACAH, observed: acahRaw, required: null };
  const methodCheck = (): PreflightFailure | null => {
    // Method matching is case-sensitive (#cors-preflight-fetch step 7; Chromium's spec-conformant mode).
    if (isSafelistedMethod(method) || methods.items.includes(method)) return null;
    if (!include && methods.items.includes('*')) return null;
    return { code: 'method-not-allowed', parameter: method, header: ACAM, observed: acamRaw, required: method };
  };
  let authorizationByWildcard = false;
  const headerCheck = (): PreflightFailure | null => {
    const allowed = new Set(names.items.map((n) => n.toLowerCase()));
    const wildcard = !include && allowed.has('*');
    const ordered = profile.preflightOrder === 'spec' && need.headers.includes('authorization')
      ? ['authorization', ...need.headers.filter((n) => n !== 'authorization')]
      : need.headers;
    for (const name of ordered) {
      if (allowed.has(name)) continue;
      if (wildcard && name === 'authorization') {
        if (profile.authorizationUnderWildcard === 'blocked') return missingHeader(name);
        authorizationByWildcard = true;
        continue;
      }
      if (wildcard) continue;
      return missingHeader(name);
    }
    return null;
  };
  const missingHeader = (name: string): PreflightFailure => ({ code: 'header-not-allowed', parameter: name, header: ACAH, observed: acahRaw, required: name });

  const rest = profile.preflightOrder === 'firefox'
    ? [badMethods, methodCheck, badHeaders, headerCheck]
    : [badMethods, badHeaders, methodCheck, headerCheck];
  for (const step of rest) {
    const f = step();
    if (f) return { failure: f, authorizationByWildcard: false };
  }
  return { failure: null, authorizationByWildcard };
}
