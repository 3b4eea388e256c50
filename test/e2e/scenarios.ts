/**
 * CORS scenarios for the end-to-end tests: each one is a request a page on origin A makes with fetch()
 * plus the server behaviour (preflight and actual handlers) that answers it.
 *
 * There is deliberately no expected outcome here: the truth is whatever headless Chromium reports for
 * the scenario at run time (see support/oracle.ts); the tests compare other implementations against it.
 * Each scenario has one distinct (mis)configuration; most are misconfigured.
 */
import type { Handler, HandlerContext, Origins, ReplyHeaders, Route } from './support/servers.js';

export type Target = 'api' | 'page' | 'third' | 'refused';
export type Credentials = 'include' | 'same-origin' | 'omit';

export interface ScenarioRequest {
  /** As passed to fetch() (fetch upper-cases only DELETE/GET/HEAD/OPTIONS/POST/PUT). */
  method: string;
  /** Author request headers, in order. */
  headers: Record<string, string>;
  /** fetch() credentials mode; scenarios with 'include' get a cookie set first so one is really sent. */
  credentials: Credentials;
  body?: string;
  /** Path on the target (default `/s/<id>`). */
  path?: string;
  /** Which server the first URL points at (default 'api'). */
  target?: Target;
}

export interface Scenario extends Route {
  id: string;
  title: string;
  request: ScenarioRequest;
  options?: Handler;
  actual: Handler;
  /** Never hard-code Chromium's answer: it is observed live. */
  expectChromium?: never;
}

/** First URL of the scenario; `tag` must be unique per run and per fetch (defeats the preflight cache). */
export function scenarioUrl(scenario: Scenario, origins: Origins, tag: string): string {
  const base = origins[scenario.request.target ?? 'api'];
  const path = scenario.request.path ?? `/s/${encodeURIComponent(scenario.id)}`;
  const url = new URL(path, base);
  url.searchParams.set('t', tag);
  return url.href;
}

/** The method as fetch() normalizes it (what goes on the wire). */
export function normalizedMethod(method: string): string {
  const upper = method.toUpperCase();
  return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(upper) ? upper : method;
}

// ---- handler helpers ---------------------------------------------------------------------------

const ACAO = 'Access-Control-Allow-Origin';
const ACAC = 'Access-Control-Allow-Credentials';
const ACAM = 'Access-Control-Allow-Methods';
const ACAH = 'Access-Control-Allow-Headers';

/** Reply with fixed status and headers computed from the context. */
function reply(status: number, headers: (c: HandlerContext) => ReplyHeaders = () => ({})): Handler {
  return (c) => c.send(status, headers(c));
}

/** ACAO echoing the page origin, plus extra headers. */
function echo(extra: ReplyHeaders = {}): (c: HandlerContext) => ReplyHeaders {
  return (c) => ({ [ACAO]: c.origins.page, Vary: 'Origin', ...extra });
}

/** A 204 preflight response echoing the page origin, with the given extra headers. */
function preflight(extra: ReplyHeaders = {}, status = 204): Handler {
  return reply(status, echo(extra));
}

/** The same scenario path on another origin, keeping the query (unique tag) and marking the hop. */
function hopUrl(c: HandlerContext, origin: string, hop: number, userinfo = ''): string {
  const url = new URL(`/s/${encodeURIComponent(c.scenarioId)}`, origin);
  for (const [k, v] of c.url.searchParams) url.searchParams.set(k, v);
  url.searchParams.set('hop', String(hop));
  if (userinfo) {
    const [user = '', pass = ''] = userinfo.split(':');
    url.username = user;
    url.password = pass;
  }
  return url.href;
}

function currentHop(c: HandlerContext): number {
  return Number(c.url.searchParams.get('hop') ?? '1');
}

const GET = (credentials: Credentials = 'same-origin', headers: Record<string, string> = {}): ScenarioRequest => ({
  method: 'GET',
  headers,
  credentials,
});

const LONG_ACCEPT = `text/html, application/xhtml+xml, ${'application/x-cors-lens-long-type'.repeat(4)}`;

// ---- the table ---------------------------------------------------------------------------------

export const scenarios: readonly Scenario[] = [
  // Simple GET: Access-Control-Allow-Origin variants.
  {
    id: 'no-acao',
    title: 'Simple GET, response has no Access-Control-Allow-Origin',
    request: GET(),
    actual: reply(200),
  },
  {
    id: 'acao-star',
    title: 'Simple GET, ACAO *',
    request: GET(),
    actual: reply(200, () => ({ [ACAO]: '*' })),
  },
  {
    id: 'acao-echo',
    title: 'Simple GET, ACAO echoes the origin',
    request: GET(),
    actual: reply(200, echo()),
  },
  {
    id: 'acao-mismatch',
    title: 'ACAO names another origin',
    request: GET(),
    actual: reply(200, () => ({ [ACAO]: 'http://other.example' })),
  },
  {
    id: 'acao-trailing-slash',
    title: 'ACAO is the origin with a trailing slash',
    request: GET(),
    actual: reply(200, (c) => ({ [ACAO]: `${c.origins.page}/` })),
  },
  {
    id: 'acao-null',
    title: 'ACAO null for a non-opaque origin',
    request: GET(),
    actual: reply(200, () => ({ [ACAO]: 'null' })),
  },
  {
    id: 'acao-bare-host',
    title: 'ACAO is a bare host (example.com)',
    request: GET(),
    actual: reply(200, () => ({ [ACAO]: 'example.com' })),
  },
  {
    id: 'acao-wildcard-subdomain',
    title: 'ACAO *.example.com pattern',
    request: GET(),
    actual: reply(200, () => ({ [ACAO]: '*.example.com' })),
  },
  {
    id: 'acao-two-lines',
    title: 'Two ACAO header lines, both the origin',
    request: GET(),
    actual: reply(200, (c) => ({ [ACAO]: [c.origins.page, c.origins.page] })),
  },
  {
    id: 'acao-two-lines-raw',
    title: 'Two ACAO lines with differently cased names (raw bytes)',
    request: GET(),
    actual: (c) =>
      c.raw(
        'HTTP/1.1 200 OK\r\n' +
          `Access-Control-Allow-Origin: ${c.origins.page}\r\n` +
          'access-control-allow-origin: *\r\n' +
          'Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
      ),
  },
  {
    id: 'acao-two-lines-lower',
    title: 'Two ACAO lines named in lower case (as Node writes them; every HTTP/2 header is)',
    request: GET(),
    actual: reply(200, (c) => ({ 'access-control-allow-origin': [c.origins.page, c.origins.page] })),
  },
  {
    id: 'acao-two-lines-one-lower',
    title: 'Two ACAO lines, both the origin: one canonical, one lower case (raw bytes)',
    request: GET(),
    actual: (c) =>
      c.raw(
        'HTTP/1.1 200 OK\r\n' +
          `Access-Control-Allow-Origin: ${c.origins.page}\r\n` +
          `access-control-allow-origin: ${c.origins.page}\r\n` +
          'Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
      ),
  },
  {
    id: 'acao-comma-list',
    title: 'One ACAO line with a comma-separated origin list',
    request: GET(),
    actual: reply(200, (c) => ({ [ACAO]: `${c.origins.page}, http://other.example` })),
  },
  {
    id: 'acao-upper-case',
    title: 'ACAO is the origin in upper case (HTTP://…)',
    request: GET(),
    actual: reply(200, (c) => ({ [ACAO]: c.origins.page.toUpperCase() })),
  },
  {
    id: 'acao-empty',
    title: 'ACAO present with an empty value',
    request: GET(),
    actual: reply(200, () => ({ [ACAO]: '' })),
  },
  {
    id: 'acao-padded',
    title: 'ACAO is the origin surrounded by spaces (trimmed: allowed)',
    request: GET(),
    actual: (c) =>
      c.raw(
        'HTTP/1.1 200 OK\r\n' +
          `Access-Control-Allow-Origin:    ${c.origins.page}   \r\n` +
          'Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
      ),
  },

  // Credentials.
  {
    id: 'cred-acao-star',
    title: "credentials: 'include' with ACAO *",
    request: GET('include'),
    actual: reply(200, () => ({ [ACAO]: '*', [ACAC]: 'true' })),
  },
  {
    id: 'cred-no-acac',
    title: 'Credentials, ACAO echoes, no Access-Control-Allow-Credentials',
    request: GET('include'),
    actual: reply(200, echo()),
  },
  {
    id: 'cred-acac-upper',
    title: 'Credentials, ACAC TRUE (must be lower-case true)',
    request: GET('include'),
    actual: reply(200, echo({ [ACAC]: 'TRUE' })),
  },
  {
    id: 'cred-ok',
    title: 'Credentials, ACAO echoes and ACAC true',
    request: GET('include'),
    actual: reply(200, echo({ [ACAC]: 'true' })),
  },
  {
    id: 'acao-star-acac-no-cred',
    title: 'ACAO * with ACAC true, no credentials (ACAC ignored)',
    request: GET(),
    actual: reply(200, () => ({ [ACAO]: '*', [ACAC]: 'true' })),
  },

  // Status codes on the actual response.
  {
    id: 'actual-500-no-cors',
    title: 'Actual response 500 without CORS headers',
    request: GET(),
    actual: reply(500),
  },
  {
    id: 'actual-404-with-cors',
    title: 'Actual response 404 with CORS headers (CORS passes)',
    request: GET(),
    actual: reply(404, echo()),
  },
  {
    id: 'actual-500-with-cors',
    title: 'Actual response 500 with correct CORS headers (CORS passes)',
    request: GET(),
    actual: reply(500, echo()),
  },

  // Preflight: status, redirects, ACAO on the preflight.
  {
    id: 'preflight-404-no-acao',
    title: 'PUT: preflight answered 404 without CORS headers',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: reply(404),
    actual: reply(200, echo()),
  },
  {
    id: 'preflight-404-with-acao',
    title: 'PUT: preflight answered 404 with ACAO and ACAM',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: preflight({ [ACAM]: 'PUT' }, 404),
    actual: reply(200, echo()),
  },
  {
    id: 'preflight-302',
    title: 'PUT: preflight answered 302',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: (c) => c.send(302, { [ACAO]: c.origins.page, [ACAM]: 'PUT', Location: hopUrl(c, c.origins.api, 2) }),
    actual: reply(200, echo()),
  },
  {
    id: 'preflight-307',
    title: 'PUT: preflight answered 307 without CORS headers',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: (c) => c.send(307, { Location: hopUrl(c, c.origins.api, 2) }),
    actual: reply(200, echo()),
  },
  {
    id: 'preflight-acao-mismatch',
    title: 'PUT: preflight ACAO names another origin',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: reply(204, () => ({ [ACAO]: 'http://other.example', [ACAM]: 'PUT' })),
    actual: reply(200, echo()),
  },
  {
    id: 'preflight-acao-two-lines',
    title: 'PUT: preflight has two ACAO lines',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: reply(204, (c) => ({ [ACAO]: [c.origins.page, c.origins.page], [ACAM]: 'PUT' })),
    actual: reply(200, echo()),
  },
  {
    id: 'preflight-acao-two-lines-lower',
    title: 'PUT: preflight has two lower-case ACAO lines',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: reply(204, (c) => ({ 'access-control-allow-origin': [c.origins.page, c.origins.page], [ACAM]: 'PUT' })),
    actual: reply(200, echo()),
  },
  {
    id: 'preflight-acao-invalid',
    title: 'PUT: preflight ACAO is a bare host',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: reply(204, () => ({ [ACAO]: 'example.com', [ACAM]: 'PUT' })),
    actual: reply(200, echo()),
  },
  {
    id: 'preflight-acao-star-cred',
    title: 'PUT with credentials: preflight ACAO *',
    request: { method: 'PUT', headers: {}, credentials: 'include' },
    options: reply(204, () => ({ [ACAO]: '*', [ACAC]: 'true', [ACAM]: 'PUT' })),
    actual: reply(200, echo({ [ACAC]: 'true' })),
  },
  {
    id: 'preflight-cred-no-acac',
    title: 'PUT with credentials: preflight lacks ACAC',
    request: { method: 'PUT', headers: {}, credentials: 'include' },
    options: preflight({ [ACAM]: 'PUT' }),
    actual: reply(200, echo({ [ACAC]: 'true' })),
  },
  {
    id: 'preflight-socket-destroyed',
    title: 'PUT: server closes the connection on OPTIONS without answering',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: (c) => c.destroy(),
    actual: reply(200, echo()),
  },

  // Preflight: methods.
  {
    id: 'preflight-no-acam',
    title: 'PUT: preflight has ACAO but no Access-Control-Allow-Methods',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: preflight(),
    actual: reply(200, echo()),
  },
  {
    id: 'acam-space-list',
    title: 'PUT: ACAM "GET POST" (space instead of comma, not a token)',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: preflight({ [ACAM]: 'GET POST' }),
    actual: reply(200, echo()),
  },
  {
    id: 'patch-lower',
    title: "fetch method 'patch' (sent lower-case) vs ACAM PATCH",
    request: { method: 'patch', headers: {}, credentials: 'same-origin' },
    options: preflight({ [ACAM]: 'GET, POST, PATCH' }),
    actual: reply(200, echo()),
  },
  {
    id: 'acam-lower-put',
    title: 'PUT vs ACAM "put" (method match is case-sensitive)',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: preflight({ [ACAM]: 'get, put' }),
    actual: reply(200, echo()),
  },
  {
    id: 'delete-lower',
    title: "fetch method 'delete' (normalized to DELETE) vs ACAM DELETE",
    request: { method: 'delete', headers: {}, credentials: 'same-origin' },
    options: preflight({ [ACAM]: 'DELETE' }),
    actual: reply(200, echo()),
  },
  {
    id: 'acam-star',
    title: 'PUT, ACAM * without credentials',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: preflight({ [ACAM]: '*' }),
    actual: reply(200, echo()),
  },
  {
    id: 'acam-star-cred',
    title: 'PUT with credentials, ACAM * (a literal method name then)',
    request: { method: 'PUT', headers: {}, credentials: 'include' },
    options: preflight({ [ACAM]: '*', [ACAC]: 'true' }),
    actual: reply(200, echo({ [ACAC]: 'true' })),
  },

  // Preflight: headers.
  {
    id: 'preflight-no-acah',
    title: 'PUT + X-Test: preflight allows PUT but not the header',
    request: { method: 'PUT', headers: { 'X-Test': '1' }, credentials: 'same-origin' },
    options: preflight({ [ACAM]: 'PUT' }),
    actual: reply(200, echo()),
  },
  {
    id: 'acah-invalid-token',
    title: 'X-Test: ACAH contains "x test" (not a token)',
    request: { method: 'GET', headers: { 'X-Test': '1' }, credentials: 'same-origin' },
    options: preflight({ [ACAH]: 'x-test, x test' }),
    actual: reply(200, echo()),
  },
  {
    id: 'acah-empty-item',
    title: 'X-Test: ACAH "x-test,," (empty list items ignored)',
    request: { method: 'GET', headers: { 'X-Test': '1' }, credentials: 'same-origin' },
    options: preflight({ [ACAH]: 'x-test,,' }),
    actual: reply(200, echo()),
  },
  {
    id: 'acah-star',
    title: 'X-Test, ACAH * without credentials',
    request: { method: 'GET', headers: { 'X-Test': '1' }, credentials: 'same-origin' },
    options: preflight({ [ACAH]: '*' }),
    actual: reply(200, echo()),
  },
  {
    id: 'acah-star-cred',
    title: 'X-Test with credentials, ACAH *',
    request: { method: 'GET', headers: { 'X-Test': '1' }, credentials: 'include' },
    options: preflight({ [ACAH]: '*', [ACAC]: 'true' }),
    actual: reply(200, echo({ [ACAC]: 'true' })),
  },
  {
    id: 'acah-star-authorization',
    title: 'Authorization header under ACAH * (no credentials)',
    request: { method: 'GET', headers: { Authorization: 'Bearer abc' }, credentials: 'same-origin' },
    options: preflight({ [ACAH]: '*' }),
    actual: reply(200, echo()),
  },
  {
    id: 'post-json-no-acah',
    title: 'POST application/json, ACAH lacks content-type',
    request: {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: '{"a":1}',
    },
    options: preflight({ [ACAM]: 'POST' }),
    actual: reply(200, echo()),
  },
  {
    id: 'post-text-plain-charset',
    title: 'POST text/plain;charset=utf-8 (safelisted, no preflight)',
    request: {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=utf-8' },
      credentials: 'same-origin',
      body: 'hello',
    },
    options: reply(500),
    actual: reply(200, echo()),
  },
  {
    id: 'accept-too-long',
    title: 'Accept value longer than 128 bytes (needs preflight), ACAH missing',
    request: { method: 'GET', headers: { Accept: LONG_ACCEPT }, credentials: 'same-origin' },
    options: preflight(),
    actual: reply(200, echo()),
  },
  {
    id: 'range-simple',
    title: 'Range: bytes=0-10 (safelisted, no preflight)',
    request: { method: 'GET', headers: { Range: 'bytes=0-10' }, credentials: 'same-origin' },
    options: reply(500),
    actual: reply(200, echo()),
  },
  {
    id: 'range-suffix',
    title: 'Range: bytes=-5 (not safelisted), ACAH missing',
    request: { method: 'GET', headers: { Range: 'bytes=-5' }, credentials: 'same-origin' },
    options: preflight(),
    actual: reply(200, echo()),
  },
  {
    id: 'dpr-header',
    title: 'DPR: 2 (Chromium safelists legacy client hints), OPTIONS would fail',
    request: { method: 'GET', headers: { DPR: '2' }, credentials: 'same-origin' },
    options: reply(500),
    actual: reply(200, echo()),
  },

  // Good preflight, bad actual; fully good preflights.
  {
    id: 'preflight-ok-actual-no-acao',
    title: 'PUT: good preflight, actual response lacks ACAO',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: preflight({ [ACAM]: 'PUT' }),
    actual: reply(200),
  },
  {
    id: 'preflight-ok',
    title: 'PUT + X-Test: everything correct',
    request: { method: 'PUT', headers: { 'X-Test': '1' }, credentials: 'same-origin', body: 'x' },
    options: preflight({ [ACAM]: 'PUT', [ACAH]: 'X-Test', 'Access-Control-Max-Age': '0' }),
    actual: reply(200, echo()),
  },
  {
    id: 'preflight-cred-ok',
    title: 'PUT + X-Test with credentials: everything correct',
    request: { method: 'PUT', headers: { 'X-Test': '1' }, credentials: 'include' },
    options: preflight({ [ACAM]: 'PUT', [ACAH]: 'x-test', [ACAC]: 'true' }),
    actual: reply(200, echo({ [ACAC]: 'true' })),
  },

  // Redirects.
  {
    id: 'redirect-no-acao',
    title: 'GET redirected 302 within the API; the 3xx lacks ACAO',
    request: GET(),
    actual: (c) =>
      currentHop(c) === 1
        ? c.send(302, { Location: hopUrl(c, c.origins.api, 2) })
        : c.send(200, echo()(c)),
  },
  {
    id: 'redirect-same-api-ok',
    title: 'GET redirected 302 within the API, ACAO on both responses',
    request: GET(),
    actual: (c) =>
      currentHop(c) === 1
        ? c.send(302, { ...echo()(c), Location: hopUrl(c, c.origins.api, 2) })
        : c.send(200, echo()(c)),
  },
  {
    id: 'redirect-cross-tainted',
    title: 'Redirect API → third origin; final ACAO is the page origin (origin is now null)',
    request: GET(),
    actual: (c) =>
      c.server === 'api'
        ? c.send(302, { ...echo()(c), Location: hopUrl(c, c.origins.third, 2) })
        : c.send(200, { [ACAO]: c.origins.page }),
  },
  {
    id: 'redirect-cross-null',
    title: 'Redirect API → third origin; final ACAO null',
    request: GET(),
    actual: (c) =>
      c.server === 'api'
        ? c.send(302, { ...echo()(c), Location: hopUrl(c, c.origins.third, 2) })
        : c.send(200, { [ACAO]: 'null' }),
  },
  {
    id: 'redirect-cross-star',
    title: 'Redirect API → third origin; final ACAO *',
    request: GET(),
    actual: (c) =>
      c.server === 'api'
        ? c.send(307, { ...echo()(c), Location: hopUrl(c, c.origins.third, 2) })
        : c.send(200, { [ACAO]: '*' }),
  },
  {
    id: 'redirect-back-to-page',
    title: "Redirect API → page's own origin, which sends no CORS headers",
    request: GET(),
    actual: (c) =>
      c.server === 'api'
        ? c.send(302, { ...echo()(c), Location: hopUrl(c, c.origins.page, 2) })
        : c.send(200),
  },
  {
    id: 'redirect-userinfo',
    title: 'Redirect Location contains user:pass@',
    request: GET(),
    actual: (c) =>
      currentHop(c) === 1
        ? c.send(302, { ...echo()(c), Location: hopUrl(c, c.origins.api, 2, 'user:pass') })
        : c.send(200, echo()(c)),
  },
  {
    id: 'preflighted-redirect-307',
    title: 'PUT: good preflight, actual 307 → third origin, which allows * (second preflight, origin null)',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: (c) =>
      c.server === 'api'
        ? c.send(204, echo({ [ACAM]: 'PUT' })(c))
        : c.send(204, { [ACAO]: '*', [ACAM]: 'PUT' }),
    actual: (c) =>
      c.server === 'api'
        ? c.send(307, { ...echo()(c), Location: hopUrl(c, c.origins.third, 2) })
        : c.send(200, { [ACAO]: '*' }),
  },
  {
    id: 'preflighted-redirect-tainted',
    title: 'PUT: good preflight, actual 307 → third origin, whose preflight echoes the page origin (needs null)',
    request: { method: 'PUT', headers: {}, credentials: 'same-origin' },
    options: (c) => c.send(204, echo({ [ACAM]: 'PUT' })(c)),
    actual: (c) =>
      c.server === 'api'
        ? c.send(307, { ...echo()(c), Location: hopUrl(c, c.origins.third, 2) })
        : c.send(200, { [ACAO]: '*' }),
  },
  {
    id: 'same-origin-301-to-api',
    title: 'Same-origin URL 301 → API, which echoes the origin',
    request: { method: 'GET', headers: {}, credentials: 'same-origin', target: 'page' },
    actual: (c) =>
      c.server === 'page'
        ? c.send(301, { Location: hopUrl(c, c.origins.api, 2) })
        : c.send(200, echo()(c)),
  },
  {
    id: 'same-origin-301-to-api-no-acao',
    title: 'Same-origin URL 301 → API, which sends no ACAO',
    request: { method: 'GET', headers: {}, credentials: 'same-origin', target: 'page' },
    actual: (c) =>
      c.server === 'page' ? c.send(301, { Location: hopUrl(c, c.origins.api, 2) }) : c.send(200),
  },

  {
    id: 'same-origin-redirect-userinfo',
    title: 'Same-origin URL 302 → API with user:pass@ in the Location (refused before the API is asked)',
    request: { method: 'GET', headers: {}, credentials: 'same-origin', target: 'page' },
    actual: (c) =>
      c.server === 'page' ? c.send(302, { Location: hopUrl(c, c.origins.api, 2, 'user:pass') }) : c.send(200, echo()(c)),
  },
  {
    id: 'post-302-preflight-get',
    title: 'POST + X-Test, 302 → third origin: now a GET, which still needs a preflight (for X-Test), at the third origin',
    request: { method: 'POST', headers: { 'X-Test': '1' }, credentials: 'same-origin', body: 'x' },
    options: (c) =>
      c.server === 'api'
        ? c.send(204, echo({ [ACAM]: 'POST', [ACAH]: 'X-Test' })(c))
        : c.send(204, { [ACAO]: '*', [ACAM]: 'GET', [ACAH]: 'X-Test' }),
    actual: (c) =>
      c.server === 'api'
        ? c.send(302, { ...echo()(c), Location: hopUrl(c, c.origins.third, 2) })
        : c.send(200, { [ACAO]: '*' }),
  },
  {
    id: 'post-303-no-preflight',
    title: 'POST text/plain, 303 → third origin: now a simple GET, no preflight needed there',
    request: { method: 'POST', headers: { 'Content-Type': 'text/plain' }, credentials: 'same-origin', body: 'x' },
    options: reply(500),
    actual: (c) =>
      c.server === 'api'
        ? c.send(303, { ...echo()(c), Location: hopUrl(c, c.origins.third, 2) })
        : c.send(200, { [ACAO]: '*' }),
  },
  {
    id: 'head-ok',
    title: 'HEAD, ACAO echoes (Chromium cancels every successful HEAD fetch after its 200)',
    request: { method: 'HEAD', headers: {}, credentials: 'same-origin' },
    actual: reply(200, echo()),
  },

  // Network failures.
  {
    id: 'connection-refused',
    title: 'Nothing listens on the port',
    request: { method: 'GET', headers: {}, credentials: 'same-origin', target: 'refused' },
    actual: reply(200, echo()),
  },
  {
    id: 'socket-destroyed',
    title: 'Server closes the connection without a response',
    request: GET(),
    actual: (c) => c.destroy(),
  },
];

const ids = new Set<string>();
for (const s of scenarios) {
  if (ids.has(s.id)) throw new Error(`duplicate scenario id ${s.id}`);
  ids.add(s.id);
}

export function scenarioById(id: string): Scenario {
  const found = scenarios.find((s) => s.id === id);
  if (!found) throw new Error(`unknown scenario ${id}`);
  return found;
}
