import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/engine/diagnose.js';
import { CHROMIUM, FIREFOX, SPEC, type Profile } from '../../src/engine/profile.js';
import type { FindingCode } from '../../src/catalogue/codes.js';
import { allow, API, exchange, PAGE, res, sent, type ExchangeSpec } from '../support/builders.js';

interface Want {
  verdict: 'allowed' | 'blocked' | 'failed' | 'pending';
  code?: FindingCode;
  chromium?: string | null;
  firefox?: string | null;
  parameter?: string;
}

const PUT_X = { method: 'PUT', headers: { 'X-Test': '1' } };
const okPreflight = (extra: Record<string, string | string[]> = {}) =>
  sent(res(204, allow({ 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-test', ...extra })));

// [name, exchange, expected in Chromium]
const CHROMIUM_TABLE: [string, ExchangeSpec, Want][] = [
  ['simple GET, ACAO echoes origin', { response: res(200, allow()) }, { verdict: 'allowed' }],
  ['simple GET, ACAO *', { response: res(200, { 'Access-Control-Allow-Origin': '*' }) }, { verdict: 'allowed' }],
  ['no ACAO', { response: res(200) }, { verdict: 'blocked', code: 'missing-allow-origin', chromium: 'MissingAllowOriginHeader', parameter: '' }],
  ['500 without CORS headers is a server error too', { response: res(500) }, { verdict: 'blocked', code: 'error-response-without-cors', chromium: 'MissingAllowOriginHeader', parameter: '' }],
  ['404 with CORS headers is readable', { response: res(404, allow()) }, { verdict: 'allowed' }],
  ['ACAO other origin', { response: res(200, { 'Access-Control-Allow-Origin': 'https://other.example' }) }, { verdict: 'blocked', code: 'allow-origin-mismatch', chromium: 'AllowOriginMismatch', parameter: 'https://other.example' }],
  ['ACAO trailing slash', { response: res(200, { 'Access-Control-Allow-Origin': `${PAGE}/` }) }, { verdict: 'blocked', code: 'allow-origin-mismatch', parameter: `${PAGE}/` }],
  ['ACAO upper-case host', { response: res(200, { 'Access-Control-Allow-Origin': 'https://APP.example' }) }, { verdict: 'blocked', code: 'allow-origin-mismatch' }],
  ['ACAO default port spelled out', { response: res(200, { 'Access-Control-Allow-Origin': `${PAGE}:443` }) }, { verdict: 'blocked', code: 'allow-origin-mismatch' }],
  ['ACAO null for a real origin', { response: res(200, { 'Access-Control-Allow-Origin': 'null' }) }, { verdict: 'blocked', code: 'allow-origin-mismatch', parameter: 'null' }],
  ['ACAO bare host', { response: res(200, { 'Access-Control-Allow-Origin': 'app.example' }) }, { verdict: 'blocked', code: 'invalid-allow-origin', chromium: 'InvalidAllowOriginValue', parameter: 'app.example' }],
  ['ACAO pattern', { response: res(200, { 'Access-Control-Allow-Origin': '*.example' }) }, { verdict: 'blocked', code: 'invalid-allow-origin' }],
  ['ACAO empty', { response: res(200, { 'Access-Control-Allow-Origin': '' }) }, { verdict: 'blocked', code: 'invalid-allow-origin', parameter: '' }],
  ['two ACAO lines', { response: res(200, { 'Access-Control-Allow-Origin': [PAGE, PAGE] }) }, { verdict: 'blocked', code: 'multiple-allow-origin', chromium: 'MultipleAllowOriginValues', firefox: 'CORSMultipleAllowOriginNotAllowed', parameter: `${PAGE}, ${PAGE}` }],
  ['one comma list', { response: res(200, { 'Access-Control-Allow-Origin': `${PAGE},https://b.example` }) }, { verdict: 'blocked', code: 'multiple-allow-origin', firefox: 'CORSAllowOriginNotMatchingOrigin' }],
  ['two * lines', { response: res(200, { 'Access-Control-Allow-Origin': ['*', '*'] }) }, { verdict: 'blocked', code: 'multiple-allow-origin', parameter: '*, *' }],
  ['credentials with *', { credentials: 'include', response: res(200, { 'Access-Control-Allow-Origin': '*' }) }, { verdict: 'blocked', code: 'wildcard-origin-with-credentials', chromium: 'WildcardOriginNotAllowed', parameter: '' }],
  ['credentials without ACAC', { credentials: 'include', response: res(200, allow()) }, { verdict: 'blocked', code: 'invalid-allow-credentials', chromium: 'InvalidAllowCredentials', parameter: '' }],
  ['credentials with ACAC TRUE', { credentials: 'include', response: res(200, allow({ 'Access-Control-Allow-Credentials': 'TRUE' })) }, { verdict: 'blocked', code: 'invalid-allow-credentials', parameter: 'TRUE' }],
  ['credentials done right', { credentials: 'include', response: res(200, allow({ 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' })) }, { verdict: 'allowed' }],
  ['ACAC ignored without credentials', { response: res(200, allow({ 'Access-Control-Allow-Credentials': 'nope' })) }, { verdict: 'allowed' }],
  ['same-origin request is not CORS', { url: `${PAGE}/x`, response: res(200) }, { verdict: 'allowed' }],
  // Preflight: Chromium's order is redirect, ACAO/ACAC, status, parse, method, headers.
  ['preflight 404 without ACAO', { ...PUT_X, preflight: sent(res(404)) }, { verdict: 'blocked', code: 'preflight-error-response-without-cors', chromium: 'PreflightMissingAllowOriginHeader' }],
  ['preflight 200 without ACAO', { ...PUT_X, preflight: sent(res(200)) }, { verdict: 'blocked', code: 'preflight-missing-allow-origin', chromium: 'PreflightMissingAllowOriginHeader' }],
  ['preflight 404 with ACAO', { ...PUT_X, preflight: sent(res(404, allow())) }, { verdict: 'blocked', code: 'preflight-invalid-status', chromium: 'PreflightInvalidStatus', firefox: 'CORSPreflightDidNotSucceed3' }],
  ['preflight 302 without ACAO', { ...PUT_X, preflight: sent(res(302, { Location: '/elsewhere' })) }, { verdict: 'blocked', code: 'preflight-redirect', chromium: 'PreflightDisallowedRedirect' }],
  ['preflight 302 without Location is a bad status', { ...PUT_X, preflight: sent(res(302, allow())) }, { verdict: 'blocked', code: 'preflight-invalid-status' }],
  ['preflight ACAO mismatch', { ...PUT_X, preflight: sent(res(204, { 'Access-Control-Allow-Origin': 'https://x.example' })) }, { verdict: 'blocked', code: 'preflight-allow-origin-mismatch', chromium: 'PreflightAllowOriginMismatch', parameter: 'https://x.example' }],
  ['preflight two ACAO', { ...PUT_X, preflight: sent(res(204, { 'Access-Control-Allow-Origin': [PAGE, '*'] })) }, { verdict: 'blocked', code: 'preflight-multiple-allow-origin', chromium: 'PreflightMultipleAllowOriginValues' }],
  ['preflight invalid ACAO', { ...PUT_X, preflight: sent(res(204, { 'Access-Control-Allow-Origin': 'app.example' })) }, { verdict: 'blocked', code: 'preflight-invalid-allow-origin', chromium: 'PreflightInvalidAllowOriginValue' }],
  ['preflight * with credentials', { ...PUT_X, credentials: 'include', preflight: sent(res(204, { 'Access-Control-Allow-Origin': '*' })) }, { verdict: 'blocked', code: 'preflight-wildcard-origin-with-credentials', chromium: 'PreflightWildcardOriginNotAllowed' }],
  ['preflight credentials without ACAC', { ...PUT_X, credentials: 'include', preflight: okPreflight() }, { verdict: 'blocked', code: 'preflight-invalid-allow-credentials', chromium: 'PreflightInvalidAllowCredentials' }],
  ['no ACAM for PUT', { method: 'PUT', preflight: sent(res(204, allow())) }, { verdict: 'blocked', code: 'method-not-allowed', chromium: 'MethodDisallowedByPreflightResponse', parameter: 'PUT' }],
  ['put is normalised to PUT', { method: 'put', preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'PUT' }))), response: res(200, allow()) }, { verdict: 'allowed' }],
  ['patch is sent as written and ACAM matching is case-sensitive', { method: 'patch', preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'PATCH' }))) }, { verdict: 'blocked', code: 'method-not-allowed', parameter: 'patch' }],
  ['ACAM lower-case put does not allow PUT', { method: 'PUT', preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'put' }))) }, { verdict: 'blocked', code: 'method-not-allowed', parameter: 'PUT' }],
  ['ACAM * without credentials', { method: 'DELETE', preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': '*' }))), response: res(200, allow()) }, { verdict: 'allowed' }],
  ['ACAM * with credentials', { method: 'DELETE', credentials: 'include', preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Credentials': 'true' }))) }, { verdict: 'blocked', code: 'method-not-allowed', parameter: 'DELETE' }],
  ['ACAM without commas', { method: 'PUT', preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'GET PUT' }))) }, { verdict: 'blocked', code: 'invalid-allow-methods', chromium: 'InvalidAllowMethodsPreflightResponse', parameter: '' }],
  ['ACAM empty items are fine', { method: 'PUT', preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': ',PUT,,' }))), response: res(200, allow()) }, { verdict: 'allowed' }],
  ['no ACAH for X-Test', { ...PUT_X, preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'PUT' }))) }, { verdict: 'blocked', code: 'header-not-allowed', chromium: 'HeaderDisallowedByPreflightResponse', parameter: 'x-test' }],
  ['ACAH names compare case-insensitively', { ...PUT_X, preflight: okPreflight({ 'Access-Control-Allow-Headers': 'X-TEST' }), response: res(200, allow()) }, { verdict: 'allowed' }],
  ['ACAH with an invalid token', { ...PUT_X, preflight: okPreflight({ 'Access-Control-Allow-Headers': 'x-test: 1' }) }, { verdict: 'blocked', code: 'invalid-allow-headers', chromium: 'InvalidAllowHeadersPreflightResponse', parameter: '' }],
  ['invalid ACAH is reported before a bad method in Chromium', { ...PUT_X, preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': '"x"' }))) }, { verdict: 'blocked', code: 'invalid-allow-headers' }],
  ['ACAH * without credentials', { ...PUT_X, preflight: okPreflight({ 'Access-Control-Allow-Headers': '*' }), response: res(200, allow()) }, { verdict: 'allowed' }],
  ['ACAH * with credentials', { ...PUT_X, credentials: 'include', preflight: okPreflight({ 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Credentials': 'true' }) }, { verdict: 'blocked', code: 'header-not-allowed', parameter: 'x-test' }],
  ['Authorization under * passes in Chromium', { method: 'GET', headers: { Authorization: 'Bearer t' }, preflight: sent(res(204, allow({ 'Access-Control-Allow-Headers': '*' }))), response: res(200, allow()) }, { verdict: 'allowed' }],
  ['first missing header in sorted order', { method: 'GET', headers: { 'X-B': '1', 'X-A': '1' }, preflight: sent(res(204, allow())) }, { verdict: 'blocked', code: 'header-not-allowed', parameter: 'x-a' }],
  ['good preflight, actual without ACAO', { ...PUT_X, preflight: okPreflight(), response: res(200) }, { verdict: 'blocked', code: 'missing-allow-origin', chromium: 'MissingAllowOriginHeader' }],
  ['good preflight, actual 500 with CORS headers', { ...PUT_X, preflight: okPreflight(), response: res(500, allow()) }, { verdict: 'allowed' }],
  ['preflight needed, not seen, response came: cached', { ...PUT_X, response: res(200, allow()) }, { verdict: 'allowed' }],
  ['application/json needs content-type in ACAH', { method: 'POST', headers: { 'Content-Type': 'application/json' }, preflight: sent(res(204, allow())) }, { verdict: 'blocked', code: 'header-not-allowed', parameter: 'content-type' }],
  ['text/plain with parameters is simple', { method: 'POST', headers: { 'Content-Type': 'Text/Plain;charset=UTF-8' }, response: res(200, allow()) }, { verdict: 'allowed' }],
  ['DPR is safelisted in Chromium', { headers: { DPR: '2' }, response: res(200, allow()) }, { verdict: 'allowed' }],
  ['forbidden headers never cause a preflight', { headers: { Cookie: 'a=b', 'Sec-Foo': 'x' }, response: res(200, allow()) }, { verdict: 'allowed' }],
  // Network failures are not CORS.
  ['connection refused', { error: 'net::ERR_CONNECTION_REFUSED' }, { verdict: 'failed', code: 'connection-refused', chromium: null, parameter: 'net::ERR_CONNECTION_REFUSED' }],
  ['node ECONNRESET', { error: 'ECONNRESET' }, { verdict: 'failed', code: 'connection-reset' }],
  ['DNS failure', { error: 'NS_ERROR_UNKNOWN_HOST' }, { verdict: 'failed', code: 'name-not-resolved' }],
  ['TLS', { error: 'net::ERR_CERT_AUTHORITY_INVALID' }, { verdict: 'failed', code: 'tls-failure' }],
  ['preflight transport failure', { ...PUT_X, preflight: { kind: 'error', error: 'net::ERR_EMPTY_RESPONSE' } }, { verdict: 'failed', code: 'empty-response' }],
  ['LNA block is a CORS error', { error: 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS' }, { verdict: 'blocked', code: 'local-network-permission-denied', chromium: 'LocalNetworkAccessPermissionDenied' }],
  ['net::ERR_FAILED is a CORS signal, judged from headers', { error: 'net::ERR_FAILED', response: res(200) }, { verdict: 'blocked', code: 'missing-allow-origin' }],
  ['nothing seen yet', {}, { verdict: 'pending' }],
  ['mode same-origin to another origin', { mode: 'same-origin', response: res(200, allow()) }, { verdict: 'blocked', code: 'disallowed-by-mode', chromium: 'DisallowedByMode' }],
  ['no-cors is not judged', { mode: 'no-cors', response: res(200) }, { verdict: 'allowed' }],
  ['file URL under CORS', { url: 'file:///etc/passwd' }, { verdict: 'blocked', code: 'cors-disabled-scheme', chromium: 'CorsDisabledScheme' }],
  ['unparsable URL', { url: 'http://[' }, { verdict: 'failed', code: 'network-error' }],
];

function check(profile: Profile, spec: ExchangeSpec, want: Want) {
  const d = diagnose(exchange(spec), profile);
  expect(d.verdict).toBe(want.verdict);
  const r = d.reasons[0];
  if (want.verdict === 'allowed' || want.verdict === 'pending') {
    expect(d.reasons).toEqual([]);
    return;
  }
  expect(r?.code).toBe(want.code);
  if (want.chromium !== undefined) expect(r?.chromium).toBe(want.chromium);
  if (want.firefox !== undefined) expect(r?.firefox).toBe(want.firefox);
  if (want.parameter !== undefined) expect(r?.parameter).toBe(want.parameter);
}

describe('diagnose (chromium)', () => {
  it.each(CHROMIUM_TABLE)('%s', (_name, spec, want) => check(CHROMIUM, spec, want));
});

// Where Firefox or the spec decide differently from Chromium.
const OTHER_TABLE: [string, Profile, ExchangeSpec, Want][] = [
  ['Firefox: two ACAO lines', FIREFOX, { response: res(200, { 'Access-Control-Allow-Origin': [PAGE, PAGE] }) }, { verdict: 'blocked', code: 'multiple-allow-origin', firefox: 'CORSMultipleAllowOriginNotAllowed' }],
  ['Firefox: two * lines are "multiple" too', FIREFOX, { response: res(200, { 'Access-Control-Allow-Origin': ['*', '*'] }) }, { verdict: 'blocked', code: 'multiple-allow-origin' }],
  ['Firefox: preflight 302 without ACAO is a missing ACAO', FIREFOX, { ...PUT_X, preflight: sent(res(302, { Location: '/x' })) }, { verdict: 'blocked', code: 'preflight-missing-allow-origin', firefox: 'CORSMissingAllowOrigin2' }],
  ['Firefox: preflight 302 with ACAO', FIREFOX, { ...PUT_X, preflight: sent(res(302, allow({ Location: '/x' }))) }, { verdict: 'blocked', code: 'preflight-redirect', firefox: 'CORSExternalRedirectNotAllowed' }],
  ['Firefox: names the bad token', FIREFOX, { ...PUT_X, preflight: okPreflight({ 'Access-Control-Allow-Headers': 'x-test, a b' }) }, { verdict: 'blocked', code: 'invalid-allow-headers', firefox: 'CORSInvalidAllowHeader', parameter: 'a b' }],
  ['Firefox: bad method before invalid ACAH', FIREFOX, { ...PUT_X, preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': '"x"' }))) }, { verdict: 'blocked', code: 'method-not-allowed', firefox: 'CORSMethodNotFound' }],
  ['Firefox: Authorization under * passes (with a warning)', FIREFOX, { headers: { Authorization: 'Bearer t' }, preflight: sent(res(204, allow({ 'Access-Control-Allow-Headers': '*' }))), response: res(200, allow()) }, { verdict: 'allowed' }],
  ['Firefox: DPR is not safelisted', FIREFOX, { headers: { DPR: '2' }, preflight: sent(res(204, allow())) }, { verdict: 'blocked', code: 'header-not-allowed', parameter: 'dpr' }],
  ['spec: Authorization is never covered by *', SPEC, { headers: { Authorization: 'Bearer t' }, preflight: sent(res(204, allow({ 'Access-Control-Allow-Headers': '*' }))) }, { verdict: 'blocked', code: 'header-not-allowed', parameter: 'authorization' }],
  ['spec: Authorization checked before other headers', SPEC, { headers: { Authorization: 'x', 'A-First': '1' }, preflight: sent(res(204, allow())) }, { verdict: 'blocked', code: 'header-not-allowed', parameter: 'authorization' }],
  ['spec: Authorization listed explicitly passes', SPEC, { headers: { Authorization: 'x' }, preflight: sent(res(204, allow({ 'Access-Control-Allow-Headers': '*, Authorization' }))), response: res(200, allow()) }, { verdict: 'allowed' }],
];

describe('diagnose (firefox, spec)', () => {
  it.each(OTHER_TABLE)('%s', (_name, profile, spec, want) => check(profile, spec, want));
});

describe('redirects', () => {
  const B = 'https://b.example/r';
  const C = 'https://c.example/final';
  it.each<[string, ExchangeSpec, Want]>([
    ['3xx hop without ACAO fails the CORS check', { hops: [{ url: B, response: res(302, { Location: C }) }, { url: C }] }, { verdict: 'blocked', code: 'missing-allow-origin', chromium: 'MissingAllowOriginHeader' }],
    ['cross-origin hop taints: final ACAO must be null or *', { hops: [{ url: B, response: res(302, allow({ Location: C })) }, { url: C, response: res(200, allow()) }] }, { verdict: 'blocked', code: 'allow-origin-mismatch', parameter: PAGE }],
    ['tainted chain with ACAO null passes', { hops: [{ url: B, response: res(302, allow({ Location: C })) }, { url: C, response: res(200, { 'Access-Control-Allow-Origin': 'null' }) }] }, { verdict: 'allowed' }],
    ['same-origin hops do not taint', { hops: [{ url: B, response: res(302, allow({ Location: `${B}2` })) }, { url: `${B}2`, response: res(200, allow()) }] }, { verdict: 'allowed' }],
    ['page origin → API: no taint', { hops: [{ url: `${PAGE}/go`, response: res(302, { Location: B }) }, { url: B, response: res(200, allow()) }] }, { verdict: 'allowed' }],
    ['userinfo in Location', { hops: [{ url: B, response: res(302, allow({ Location: 'https://u:p@c.example/' })) }, { url: 'https://u:p@c.example/' }] }, { verdict: 'blocked', code: 'redirect-contains-credentials', chromium: 'RedirectContainsCredentials', parameter: '' }],
    ['redirect to a non-http scheme', { hops: [{ url: B, response: res(302, allow({ Location: 'ftp://c.example/' })) }, { url: 'ftp://c.example/' }] }, { verdict: 'blocked', code: 'cors-disabled-scheme' }],
    ['back to the page origin still needs CORS', { hops: [{ url: B, response: res(302, allow({ Location: `${PAGE}/back` })) }, { url: `${PAGE}/back`, response: res(200) }] }, { verdict: 'blocked', code: 'missing-allow-origin' }],
  ])('%s', (_name, spec, want) => check(CHROMIUM, spec, want));

  it('sends Origin null after the taint, and preflights again at the new URL', () => {
    const d = diagnose(exchange({
      method: 'PUT', headers: { 'X-Test': '1' },
      hops: [
        { url: B, preflight: okPreflight(), response: res(307, allow({ Location: C })) },
        { url: C },
      ],
    }));
    expect(d.verdict).toBe('pending');
    expect(d.hops.map((h) => h.originSent)).toEqual([PAGE, 'null']);
    expect(d.hops[1]?.preflight).toMatchObject({ needed: true, method: 'PUT', headers: ['x-test'] });
  });

  it('303 turns PUT into GET and drops Content-Type; cross-origin drops Authorization', () => {
    const d = diagnose(exchange({
      method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: 'x' },
      hops: [
        { url: B, preflight: sent(res(204, allow({ 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'content-type, authorization' }))), response: res(303, allow({ Location: C })) },
        { url: C },
      ],
    }));
    expect(d.hops[1]).toMatchObject({ method: 'GET', requestHeaders: [], preflight: { needed: false } });
  });

  it('more than 20 redirects fail', () => {
    const hops = Array.from({ length: 23 }, (_, i) => ({ url: `${B}/${i}`, response: res(302, allow({ Location: `${B}/${i + 1}` })) }));
    const d = diagnose(exchange({ hops }));
    expect(d.verdict).toBe('failed');
    expect(d.reasons[0]?.code).toBe('too-many-redirects');
  });
});

describe('credentials', () => {
  it('a Cookie on the wire proves include', () => {
    const d = diagnose(exchange({ credentials: 'unknown', wireHeaders: { Cookie: 'a=1' }, response: res(200, { 'Access-Control-Allow-Origin': '*' }) }));
    expect(d.credentials).toEqual({ mode: 'include', inferred: true, evidence: 'cookie-header' });
    expect(d.reasons[0]?.code).toBe('wildcard-origin-with-credentials');
  });
  it('an Authorization the page did not set proves include', () => {
    const d = diagnose(exchange({ credentials: 'unknown', wireHeaders: { Authorization: 'Basic x' }, response: res(200, allow()) }));
    expect(d.credentials.evidence).toBe('authorization-header');
  });
  it('a failure only credentials explain is inferred as include', () => {
    const d = diagnose(exchange({ credentials: 'unknown', browserFailed: true, response: res(200, { 'Access-Control-Allow-Origin': '*' }) }));
    expect(d.verdict).toBe('blocked');
    expect(d.credentials).toEqual({ mode: 'include', inferred: true, evidence: 'failure' });
  });
  it('unknown without evidence is judged as not credentialed', () => {
    const d = diagnose(exchange({ credentials: 'unknown', response: res(200, { 'Access-Control-Allow-Origin': '*' }) }));
    expect(d.verdict).toBe('allowed');
    expect(d.credentials).toEqual({ mode: 'unknown', inferred: false, evidence: 'none' });
  });
  it('declared mode is used as is', () => {
    expect(diagnose(exchange({ credentials: 'same-origin', response: res(200, { 'Access-Control-Allow-Origin': '*' }) })).credentials).toEqual({ mode: 'same-origin', inferred: false, evidence: 'declared' });
  });
});

describe('fixes', () => {
  it('missing ACAO with credentials: set ACAO, ACAC and Vary on the actual response', () => {
    const d = diagnose(exchange({ credentials: 'include', response: res(200) }));
    expect(d.reasons[0]?.fix.changes).toEqual([
      { response: 'actual', header: 'Access-Control-Allow-Origin', action: 'set', value: PAGE, current: null },
      { response: 'actual', header: 'Access-Control-Allow-Credentials', action: 'set', value: 'true', current: null },
      { response: 'actual', header: 'Vary', action: 'set', value: 'Origin', current: null },
    ]);
    expect(d.reasons[0]?.fix.policy).toMatchObject({ origin: PAGE, credentials: true, preflight: false, path: '/items' });
  });
  it('method missing: ACAM keeps what was there and adds the method', () => {
    const d = diagnose(exchange({ method: 'PUT', preflight: sent(res(204, allow({ Vary: 'Origin', 'Access-Control-Allow-Methods': 'GET, POST' }))) }));
    expect(d.reasons[0]?.fix.changes).toEqual([{ response: 'preflight', header: 'Access-Control-Allow-Methods', action: 'set', value: 'GET, POST, PUT', current: 'GET, POST' }]);
  });
  it('header missing under credentials: drops the useless * and lists every name', () => {
    const d = diagnose(exchange({ method: 'GET', credentials: 'include', headers: { 'X-A': '1', 'X-B': '2' }, preflight: sent(res(204, allow({ Vary: 'Origin', 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Headers': '*' }))) }));
    expect(d.reasons[0]?.fix.changes[0]).toMatchObject({ header: 'Access-Control-Allow-Headers', value: 'x-a, x-b' });
  });
  it('preflight bad status asks for a 2xx', () => {
    const d = diagnose(exchange({ ...PUT_X, preflight: sent(res(401, allow())) }));
    expect(d.reasons[0]?.fix.status).toEqual({ response: 'preflight', current: 401, required: 204 });
  });
  it('userinfo redirect: Location without it', () => {
    const d = diagnose(exchange({ hops: [{ url: API, response: res(302, allow({ Location: 'https://u:p@c.example/x' })) }, { url: 'https://u:p@c.example/x' }] }));
    expect(d.reasons[0]?.fix.changes).toContainEqual(expect.objectContaining({ header: 'Location', value: 'https://c.example/x' }));
  });
  it('network failures have no server fix', () => {
    const d = diagnose(exchange({ error: 'ECONNREFUSED' }));
    expect(d.reasons[0]?.fix).toMatchObject({ target: 'network', changes: [], policy: null });
  });
});

describe('what the result says about the preflight', () => {
  it('lists why a preflight was needed', () => {
    const d = diagnose(exchange({ method: 'PUT', headers: { 'X-Test': '1', Accept: 'a'.repeat(200) } }));
    expect(d.hops[0]?.preflight).toEqual({
      needed: true, method: 'PUT', headers: ['accept', 'x-test'],
      headerReasons: [{ name: 'accept', reason: 'value-too-long' }, { name: 'x-test', reason: 'not-safelisted' }],
    });
  });
  it('marks a preflight that was needed but not on the wire as cached', () => {
    const d = diagnose(exchange({ ...PUT_X, response: res(200, allow()) }));
    expect(d.hops[0]?.preflightCached).toBe(true);
  });
  it('records the effective max-age per browser', () => {
    const ex = exchange({ ...PUT_X, preflight: okPreflight({ 'Access-Control-Max-Age': '86400' }), response: res(200, allow()) });
    expect(diagnose(ex, CHROMIUM).hops[0]?.maxAge).toBe(7200);
    expect(diagnose(ex, FIREFOX).hops[0]?.maxAge).toBe(86400);
    expect(diagnose(ex, CHROMIUM).warnings.map((w) => w.code)).toContain('long-max-age');
  });
  it('serverError says a 5xx also lacked CORS headers', () => {
    expect(diagnose(exchange({ response: res(503) })).serverError).toBe(503);
    expect(diagnose(exchange({ response: res(200) })).serverError).toBeNull();
  });
  it('URL of the API is the default target', () => {
    expect(diagnose(exchange({ response: res(200, allow()) })).hops[0]?.url).toBe(API);
  });
});

describe('credentials inferred when a failed preflight left no request to see', () => {
  it('preflight * with credentials', () => {
    const d = diagnose(exchange({ method: 'PUT', credentials: 'unknown', browserFailed: true, preflight: sent(res(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' })) }));
    expect(d.reasons[0]?.chromium).toBe('PreflightWildcardOriginNotAllowed');
    expect(d.credentials).toEqual({ mode: 'include', inferred: true, evidence: 'failure' });
  });
});
