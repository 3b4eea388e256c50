// The CORS zoo's cases: one button each on the zoo page. A case says what the page sends (method,
// headers, credentials, which server) and how each server answers it. `intent` is what the case is
// built to show, for people reading the page; tests check it against Chromium's own verdict (CDP)
// rather than trusting it.

/**
 * @typedef {'api' | 'other' | 'zoo' | 'proxy' | 'refused'} ServerName
 * @typedef {{ status: number, headers?: Record<string, string | number | string[]>, body?: string }} Reply
 * @typedef {{
 *   server: ServerName, method: string, url: URL, tag: string | null, origin: string | null,
 *   headers: import('node:http').IncomingHttpHeaders, origins: Record<string, string>,
 *   send(status: number, headers?: Record<string, string | number | string[]>, body?: string): void,
 *   raw(bytes: string): void, destroy(): void,
 * }} Ctx
 * @typedef {{
 *   id: string, label: string, group: 'success' | 'failure' | 'proxy', intent: string,
 *   request: { method: string, headers?: Record<string, string>, credentials?: 'include' | 'same-origin' | 'omit', body?: string, target: 'api' | 'other' | 'refused' | 'proxy', path?: string },
 *   options?: (c: Ctx) => void, actual?: (c: Ctx) => void,
 * }} ZooCase
 */

const ACAO = 'Access-Control-Allow-Origin';
const ACAC = 'Access-Control-Allow-Credentials';
const ACAM = 'Access-Control-Allow-Methods';
const ACAH = 'Access-Control-Allow-Headers';
const JSON_TYPE = { 'Content-Type': 'application/json' };

/** @param {Ctx} c */
const echo = (c) => ({ [ACAO]: c.origins.zoo, Vary: 'Origin' });
/** @param {Ctx} c @param {string} what */
const data = (c, what) => JSON.stringify({ server: c.server, case: what, at: new Date().toISOString() });

/** Next hop of a redirecting case on `origin`, keeping the query (the per-click tag). */
function hop(/** @type {Ctx} */ c, /** @type {string} */ origin, userinfo = '') {
  const next = new URL(`${c.url.pathname.replace(/\/hop2$/, '')}/hop2${c.url.search}`, origin);
  if (userinfo) {
    const [user = '', pass = ''] = userinfo.split(':');
    next.username = user;
    next.password = pass;
  }
  return next.href;
}

/** @type {ZooCase[]} */
export const CASES = [
  // Successes.
  {
    id: 'ok-simple',
    label: 'GET, allowed',
    group: 'success',
    intent: 'allowed',
    request: { method: 'GET', target: 'api' },
    actual: (c) => c.send(200, { ...echo(c), ...JSON_TYPE }, data(c, 'ok-simple')),
  },
  {
    id: 'ok-preflight',
    label: 'PUT + JSON + X-Request-Id, preflight allows it',
    group: 'success',
    intent: 'allowed',
    request: { method: 'PUT', target: 'api', headers: { 'Content-Type': 'application/json', 'X-Request-Id': '42' }, body: '{"name":"zoo"}' },
    options: (c) => c.send(204, { ...echo(c), [ACAM]: 'GET, PUT', [ACAH]: 'Content-Type, X-Request-Id', 'Access-Control-Max-Age': '0' }),
    actual: (c) => c.send(200, { ...echo(c), ...JSON_TYPE }, data(c, 'ok-preflight')),
  },
  {
    id: 'ok-credentials',
    label: "GET with credentials: 'include', allowed",
    group: 'success',
    intent: 'allowed',
    request: { method: 'GET', target: 'api', credentials: 'include' },
    actual: (c) => c.send(200, { ...echo(c), [ACAC]: 'true', ...JSON_TYPE }, data(c, 'ok-credentials')),
  },

  // Failures, one class each.
  {
    id: 'no-acao',
    label: 'GET, no Access-Control-Allow-Origin',
    group: 'failure',
    intent: 'blocked: MissingAllowOriginHeader',
    request: { method: 'GET', target: 'api' },
    actual: (c) => c.send(200, JSON_TYPE, data(c, 'no-acao')),
  },
  {
    id: 'wrong-origin',
    label: 'GET, ACAO names another origin',
    group: 'failure',
    intent: 'blocked: AllowOriginMismatch',
    request: { method: 'GET', target: 'api' },
    actual: (c) => c.send(200, { [ACAO]: 'https://app.example.com', ...JSON_TYPE }, data(c, 'wrong-origin')),
  },
  {
    id: 'wildcard-credentials',
    label: "credentials: 'include' with ACAO *",
    group: 'failure',
    intent: 'blocked: WildcardOriginNotAllowed',
    request: { method: 'GET', target: 'api', credentials: 'include' },
    actual: (c) => c.send(200, { [ACAO]: '*', ...JSON_TYPE }, data(c, 'wildcard-credentials')),
  },
  {
    id: 'missing-acac',
    label: "credentials: 'include', no Access-Control-Allow-Credentials",
    group: 'failure',
    intent: 'blocked: InvalidAllowCredentials',
    request: { method: 'GET', target: 'api', credentials: 'include' },
    actual: (c) => c.send(200, { ...echo(c), ...JSON_TYPE }, data(c, 'missing-acac')),
  },
  {
    id: 'preflight-404',
    label: 'DELETE, the OPTIONS route is missing (404)',
    group: 'failure',
    intent: 'blocked: PreflightInvalidStatus',
    request: { method: 'DELETE', target: 'api' },
    // A CORS middleware sets ACAO on every response, but no route answers OPTIONS.
    options: (c) => c.send(404, echo(c), 'Cannot OPTIONS /case/preflight-404'),
    actual: (c) => c.send(200, { ...echo(c), ...JSON_TYPE }, data(c, 'preflight-404')),
  },
  {
    id: 'preflight-redirect',
    label: 'POST JSON, preflight redirected (trailing slash)',
    group: 'failure',
    intent: 'blocked: PreflightDisallowedRedirect',
    request: { method: 'POST', target: 'api', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' },
    options: (c) => c.send(301, { ...echo(c), Location: `${c.url.pathname}/${c.url.search}` }),
    actual: (c) => c.send(200, { ...echo(c), ...JSON_TYPE }, data(c, 'preflight-redirect')),
  },
  {
    id: 'method-not-allowed',
    label: 'PATCH, preflight allows GET, POST, PUT only',
    group: 'failure',
    intent: 'blocked: MethodDisallowedByPreflightResponse',
    request: { method: 'PATCH', target: 'api', headers: { 'Content-Type': 'application/json' }, body: '{"done":true}' },
    options: (c) => c.send(204, { ...echo(c), [ACAM]: 'GET, POST, PUT', [ACAH]: 'Content-Type' }),
    actual: (c) => c.send(200, { ...echo(c), ...JSON_TYPE }, data(c, 'method-not-allowed')),
  },
  {
    id: 'header-not-allowed',
    label: 'GET + Authorization, preflight allows Content-Type only',
    group: 'failure',
    intent: 'blocked: HeaderDisallowedByPreflightResponse',
    request: { method: 'GET', target: 'api', headers: { Authorization: 'Bearer zoo-token' } },
    options: (c) => c.send(204, { ...echo(c), [ACAM]: 'GET', [ACAH]: 'Content-Type' }),
    actual: (c) => c.send(200, { ...echo(c), ...JSON_TYPE }, data(c, 'header-not-allowed')),
  },
  {
    id: 'server-error',
    label: 'GET, the server crashes: 500 without CORS headers',
    group: 'failure',
    intent: 'blocked: MissingAllowOriginHeader (on a 500)',
    request: { method: 'GET', target: 'api' },
    actual: (c) => c.send(500, { 'Content-Type': 'text/plain' }, 'Internal Server Error'),
  },
  {
    id: 'redirect-tainted',
    label: 'GET redirected api → other: Origin becomes null',
    group: 'failure',
    intent: 'blocked: AllowOriginMismatch (origin null after the redirect)',
    request: { method: 'GET', target: 'api' },
    actual: (c) =>
      c.server === 'api'
        ? c.send(302, { ...echo(c), Location: hop(c, c.origins.other) })
        // other.test allows the zoo by name, but after a cross-origin redirect the browser sends Origin: null.
        : c.send(200, { ...echo(c), ...JSON_TYPE }, data(c, 'redirect-tainted')),
  },
  {
    id: 'redirect-userinfo',
    label: 'GET redirected to http://user:pass@…',
    group: 'failure',
    intent: 'blocked: RedirectContainsCredentials',
    request: { method: 'GET', target: 'api' },
    actual: (c) =>
      c.url.pathname.endsWith('/hop2')
        ? c.send(200, { ...echo(c), ...JSON_TYPE }, data(c, 'redirect-userinfo'))
        : c.send(302, { ...echo(c), Location: hop(c, c.origins.api, 'zoo:secret') }),
  },
  {
    id: 'network-failure',
    label: 'GET to a closed port',
    group: 'failure',
    intent: 'failed: net::ERR_CONNECTION_REFUSED',
    request: { method: 'GET', target: 'refused' },
  },

  // A public CORS proxy look-alike: "it works" because the proxy answers ACAO * for anyone.
  {
    id: 'via-proxy',
    label: 'The no-ACAO API through a public CORS proxy (corsproxy.io look-alike)',
    group: 'proxy',
    intent: 'allowed (through a public proxy)',
    request: { method: 'GET', target: 'proxy', path: '/case/no-acao' },
  },
];

/** @param {string} id */
export function caseById(id) {
  const found = CASES.find((c) => c.id === id);
  if (!found) throw new Error(`no zoo case ${id}`);
  return found;
}
