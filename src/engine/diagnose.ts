/**
 * The CORS engine: walks what was seen of one fetch, hop by hop (the request's URL list), and
 * decides as the chosen browser does whether the page could read the response, and if not, why.
 * Fetch #main-fetch, #http-fetch, #cors-preflight-fetch, #http-redirect-fetch.
 */
import { get } from '../http/headers.js';
import type { HeaderList } from '../http/headers.js';
import { sameOriginString, urlFacts, type UrlFacts } from '../http/origin.js';
import type { FindingCode } from '../catalogue/codes.js';
import { codeInfo } from '../catalogue/codes.js';
import { makeFinding } from '../catalogue/finding.js';
import { corsCheck, type CorsCheckKind } from './cors-check.js';
import { credentialsFromEvidence } from './credentials.js';
import { exposure } from './exposure.js';
import { fixFor, type FixContext } from './fixes.js';
import { effectiveMaxAge } from './max-age.js';
import { classifyNetworkError, isCorsSignal } from './network-errors.js';
import { checkPreflight, isRedirect } from './preflight-check.js';
import { CHROMIUM, type Profile } from './profile.js';
import { normaliseMethod, preflightNeed, withoutForbidden } from './safelist.js';
import type { Diagnosis, Exchange, Finding, Fix, HopAnalysis, ObservedResponse, PreflightNeed, ResponseKind, Verdict } from './types.js';
import { maxAgeWarnings, responseWarnings } from './warnings.js';

const ACTUAL_CORS_CODE: Record<CorsCheckKind, FindingCode> = {
  wildcard: 'wildcard-origin-with-credentials',
  missing: 'missing-allow-origin',
  multiple: 'multiple-allow-origin',
  invalid: 'invalid-allow-origin',
  mismatch: 'allow-origin-mismatch',
  credentials: 'invalid-allow-credentials',
};

const NO_FIX: Fix = Object.freeze({ target: 'none', summary: '', changes: [], status: null, policy: null }) as Fix;
const NO_PREFLIGHT: PreflightNeed = { needed: false, method: null, headers: [], headerReasons: [] };
const MAX_REDIRECTS = 20; // Fetch #http-redirect-fetch step 5; Chromium net::ERR_TOO_MANY_REDIRECTS.

export interface DiagnoseOptions {
  /**
   * Verdict and reasons only: no warnings, no exposure, no fixes. What the background needs on its
   * hot path (badge, list); full diagnoses are made when someone looks.
   */
  summary?: boolean;
}

export function diagnose(ex: Exchange, profile: Profile = CHROMIUM, options: DiagnoseOptions = {}): Diagnosis {
  const credentials = credentialsFromEvidence(ex);
  const summary = options.summary === true;
  const result = walk(ex, profile, credentials.mode === 'include', summary);
  if (credentials.mode === 'unknown' && (result.verdict === 'allowed' || result.verdict === 'pending') && ex.browserFailed === true) {
    // The browser failed a request the headers allow: only credentials explain that (e.g. `*` +
    // include). A failed preflight leaves no Cookie to see: the actual request never went out.
    const withCredentials = walk(ex, profile, true, summary);
    if (withCredentials.verdict === 'blocked') {
      return { ...withCredentials, credentials: { mode: 'include', inferred: true, evidence: 'failure' } };
    }
  }
  (result as Diagnosis).credentials = credentials;
  return result as Diagnosis;
}

type WalkResult = Omit<Diagnosis, 'credentials'>;

function walk(ex: Exchange, profile: Profile, include: boolean, summary: boolean): WalkResult {
  const reasons: Finding[] = [];
  const warnings: Finding[] = [];
  const hops: HopAnalysis[] = [];
  const done = (verdict: Verdict, extra?: Partial<WalkResult>): WalkResult => ({
    browser: profile.id, verdict, reasons, warnings, hops, exposure: extra?.exposure ?? null, serverError: extra?.serverError ?? null,
  });
  const mode = ex.mode ?? 'cors';
  let method = normaliseMethod(ex.method);
  let headers: HeaderList = withoutForbidden(ex.headers);
  let tainted = false;
  let corsTainting = false;
  let redirects = 0;
  let prev: UrlFacts | null = null;
  let facts = ex.hops[0] ? urlFacts(ex.hops[0].url) : null;

  for (let i = 0; i < ex.hops.length; i++) {
    const hop = ex.hops[i];
    if (!hop) break;
    const url = hop.url;
    if (!facts) {
      reasons.push(makeFinding('network-error', { hop: i, parameter: 'invalid URL', observed: url }));
      return done('failed');
    }
    // Redirect-taint (Fetch #concept-request-tainted-origin): a hop to a new origin from a URL that
    // was not the page's own origin makes every later Origin header `null`.
    if (prev && !sameOriginString(facts.origin, prev.origin) && !sameOriginString(ex.origin, prev.origin)) tainted = true;
    const cross = !sameOriginString(ex.origin, facts.origin);
    if (cross && mode === 'same-origin') {
      reasons.push(makeFinding('disallowed-by-mode', { hop: i, observed: url }));
      return done('blocked');
    }
    // Once response tainting is "cors" it stays so, even back on the page's own origin (#main-fetch).
    const cors = mode === 'cors' && (corsTainting || cross);
    if (cors) corsTainting = true;
    const originSent = tainted ? 'null' : ex.origin;
    if (cors && !facts.http) {
      reasons.push(makeFinding('cors-disabled-scheme', { hop: i, observed: url }));
      return done('blocked');
    }
    const need = cors ? browserNeed(preflightNeed(method, headers, profile), hop) : NO_PREFLIGHT;
    const analysis: HopAnalysis = { url, method, requestHeaders: headers, originSent: cors ? originSent : null, cors, preflight: need, maxAge: null, preflightCached: false };
    hops.push(analysis);
    const fixCtx = (side: ResponseKind, response: ObservedResponse | null, location?: string): FixContext => ({
      originSent, include, method, need, url, response, side, ...(location === undefined ? {} : { location }),
    });

    if (cors && need.needed) {
      const pf = hop.preflight;
      if (pf?.kind === 'error') return networkFailure(pf.error, i, reasons, done);
      if (pf?.kind === 'sent') {
        const preflightOrigin = tainted && profile.preflightOriginAfterTaint === 'origin' ? ex.origin : originSent;
        const out = checkPreflight(pf.response, preflightOrigin, include, method, need, profile);
        if (out.failure) {
          const f = out.failure;
          reasons.push(makeFinding(f.code, {
            hop: i, response: 'preflight', parameter: f.parameter, header: f.header, observed: f.observed, required: f.required,
            ...(f.firefox ? { firefox: f.firefox } : {}), fix: summary ? NO_FIX : fixFor(f.code, fixCtx('preflight', pf.response)),
          }));
          return done('blocked', { serverError: f.code === 'preflight-error-response-without-cors' ? pf.response.status : null });
        }
        const m = effectiveMaxAge(get(pf.response.headers, 'access-control-max-age'), profile);
        analysis.maxAge = m.seconds;
        if (!summary) warnings.push(...maxAgeWarnings(m, profile, i), ...responseWarnings(pf.response, 'preflight', { hop: i, originSent, include }));
        if (out.authorizationByWildcard && !summary) {
          warnings.push(makeFinding('authorization-covered-by-wildcard', {
            hop: i, response: 'preflight', parameter: 'authorization', header: 'access-control-allow-headers',
            observed: get(pf.response.headers, 'access-control-allow-headers'), required: 'authorization',
            firefox: profile.id === 'firefox' ? 'CORSAllowHeaderFromPreflightDeprecation' : null,
            fix: summary ? NO_FIX : fixFor('header-not-allowed', fixCtx('preflight', pf.response)),
          }));
        }
      } else if (pf?.kind === 'cached' || hop.response || hop.error) {
        // Needed, not on the wire, yet the request went ahead: the preflight cache answered.
        analysis.preflightCached = true;
        if (pf?.kind === 'cached' && pf.maxAge !== undefined) analysis.maxAge = pf.maxAge;
      }
    }

    if (hop.error && !isCorsSignal(hop.error)) return networkFailure(hop.error, i, reasons, done);
    const res = hop.response;
    if (!res) return done('pending');

    const next = ex.hops[i + 1];
    const redirecting = isRedirect(res) && next !== undefined;
    if (cors) {
      const f = corsCheck(res.headers, originSent, include, profile, res.joined === true);
      if (f) {
        const side: ResponseKind = redirecting ? 'redirect' : 'actual';
        const errorStatus = f.kind === 'missing' && res.status >= 400 ? res.status : null;
        const code = errorStatus !== null ? 'error-response-without-cors' : ACTUAL_CORS_CODE[f.kind];
        reasons.push(makeFinding(code, {
          hop: i, response: side, parameter: f.parameter, header: f.header, observed: f.observed, required: f.required,
          firefox: f.firefox, fix: summary ? NO_FIX : fixFor(code, fixCtx(side, res)),
        }));
        return done('blocked', { serverError: errorStatus });
      }
    }
    if (redirecting && next) {
      if (++redirects > MAX_REDIRECTS) {
        reasons.push(makeFinding('too-many-redirects', { hop: i, response: 'redirect', parameter: String(redirects) }));
        return done('failed');
      }
      const location = next.url;
      const to = urlFacts(location);
      if (!to) {
        reasons.push(makeFinding('unsafe-redirect', { hop: i, response: 'redirect', parameter: location, observed: location }));
        return done('failed');
      }
      if (corsTainting && !to.http) {
        reasons.push(makeFinding('cors-disabled-scheme', { hop: i, response: 'redirect', observed: location }));
        return done('blocked');
      }
      // Fetch #http-redirect-fetch step 7: userinfo in a CORS redirect target is a network error.
      if (to.credentials && ((mode === 'cors' && !sameOriginString(ex.origin, to.origin)) || corsTainting)) {
        const firefoxFails = profile.redirectCredentials === 'failed';
        reasons.push(makeFinding('redirect-contains-credentials', {
          hop: i, response: 'redirect', header: 'location', observed: location, required: null,
          ...(firefoxFails ? { firefox: 'CORSDidNotSucceed2' as const } : {}),
          fix: summary ? NO_FIX : fixFor('redirect-contains-credentials', fixCtx('redirect', res, location)),
        }));
        return done(firefoxFails ? 'failed' : 'blocked');
      }
      // Step 12: 301/302 turn POST into GET, 303 turns everything but GET/HEAD into GET; the body goes.
      if (((res.status === 301 || res.status === 302) && method === 'POST') || (res.status === 303 && method !== 'GET' && method !== 'HEAD')) {
        method = 'GET';
        headers = headers.filter(([n]) => !REQUEST_BODY_HEADERS.has(n.toLowerCase()));
      }
      // Step 13: Authorization is dropped on a cross-origin redirect.
      if (!sameOriginString(facts.origin, to.origin)) headers = headers.filter(([n]) => n.toLowerCase() !== 'authorization');
      prev = facts;
      facts = to;
      continue;
    }
    if (!cors || summary) return done('allowed');
    warnings.push(...responseWarnings(res, 'actual', { hop: i, originSent, include, probe: ex.probe }));
    const exp = exposure(res.headers, include);
    if (exp.invalid !== null) {
      warnings.push(makeFinding('invalid-expose-headers', {
        hop: i, response: 'actual', header: 'access-control-expose-headers', parameter: exp.invalid,
        observed: get(res.headers, 'access-control-expose-headers'),
      }));
    }
    return done('allowed', { exposure: { exposed: exp.exposed, hidden: exp.hidden } });
  }
  return done('pending');
}

/**
 * When a preflight was seen, its Access-Control-Request-Headers is the browser's own list of
 * CORS-unsafe names: it wins over our reconstruction (the actual request's headers may be unseen,
 * as in Chromium when the preflight fails, or mixed with headers the browser added).
 */
function browserNeed(need: PreflightNeed, hop: Exchange['hops'][number]): PreflightNeed {
  const pf = hop.preflight;
  if (pf?.kind !== 'sent' || !pf.requestHeaders) return need;
  const acrh = get(pf.requestHeaders, 'access-control-request-headers');
  const names = acrh === null ? [] : acrh.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  if (names.length === need.headers.length && names.every((n, i) => n === need.headers[i])) return need;
  const reasons = new Map(need.headerReasons.map((r) => [r.name, r.reason]));
  return {
    needed: true,
    method: need.method,
    headers: names,
    headerReasons: names.map((name) => ({ name, reason: reasons.get(name) ?? 'not-safelisted' })),
  };
}

const REQUEST_BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type']);

function networkFailure(error: string, hop: number, reasons: Finding[], done: (v: Verdict) => WalkResult): WalkResult {
  const code = classifyNetworkError(error);
  reasons.push(makeFinding(code, { hop, parameter: error, observed: error }));
  // Local Network Access blocks are CORS errors in Chromium's own taxonomy; the rest are not CORS.
  return done(codeInfo(code).chromium ? 'blocked' : 'failed');
}
