import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/engine/diagnose.js';
import { FIREFOX } from '../../src/engine/profile.js';
import type { FindingCode } from '../../src/catalogue/codes.js';
import { allow, exchange, res, sent, type ExchangeSpec } from '../support/builders.js';

const codes = (spec: ExchangeSpec) => diagnose(exchange(spec)).warnings.map((w) => w.code);

describe('warnings on allowed traffic', () => {
  it.each<[string, ExchangeSpec, FindingCode[]]>([
    ['echoed origin with Vary: nothing to say', { response: res(200, allow({ Vary: 'Accept, Origin' })) }, []],
    ['* needs no Vary', { response: res(200, { 'Access-Control-Allow-Origin': '*' }) }, []],
    ['specific origin without Vary: Origin', { response: res(200, allow()) }, ['missing-vary-origin']],
    ['Vary: * counts', { response: res(200, allow({ Vary: '*' })) }, []],
    ['null allowed', { origin: 'null', response: res(200, { 'Access-Control-Allow-Origin': 'null', Vary: 'Origin' }) }, ['null-origin-allowed']],
    ['* with ACAC true', { response: res(200, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' }) }, ['wildcard-with-credentials-header']],
    ['ACAH * with ACAC true on the preflight', { method: 'PUT', credentials: 'omit', preflight: sent(res(204, allow({ Vary: 'Origin', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Credentials': 'true' }))), response: res(200, allow({ Vary: 'Origin' })) }, ['wildcard-with-credentials-header']],
    ['duplicate ACAM lines on the preflight', { method: 'PUT', preflight: sent(res(204, allow({ Vary: 'Origin', 'Access-Control-Allow-Methods': ['PUT', 'PUT'] }))), response: res(200, allow({ Vary: 'Origin' })) }, ['duplicate-cors-header']],
    ['long max-age', { method: 'PUT', preflight: sent(res(204, allow({ Vary: 'Origin', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Max-Age': '86400' }))), response: res(200, allow({ Vary: 'Origin' })) }, ['long-max-age']],
    ['unparsable max-age', { method: 'PUT', preflight: sent(res(204, allow({ Vary: 'Origin', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Max-Age': '1h' }))), response: res(200, allow({ Vary: 'Origin' })) }, ['invalid-max-age']],
    ['Authorization covered only by *', { headers: { Authorization: 'x' }, preflight: sent(res(204, allow({ Vary: 'Origin', 'Access-Control-Allow-Headers': '*' }))), response: res(200, allow({ Vary: 'Origin' })) }, ['authorization-covered-by-wildcard']],
    ['invalid expose headers', { response: res(200, allow({ Vary: 'Origin', 'Access-Control-Expose-Headers': 'X-A, "b"' })) }, ['invalid-expose-headers']],
  ])('%s', (_n, spec, want) => expect(codes(spec)).toEqual(want));

  it('reflected origin with credentials, from the probe', () => {
    const ex = exchange({ credentials: 'include', response: res(200, allow({ Vary: 'Origin', 'Access-Control-Allow-Credentials': 'true' })) });
    ex.probe = { origin: 'https://evil.example', response: res(200, { 'Access-Control-Allow-Origin': 'https://evil.example', 'Access-Control-Allow-Credentials': 'true' }) };
    expect(diagnose(ex).warnings.map((w) => w.code)).toEqual(['reflected-origin-with-credentials']);
    ex.probe = { origin: 'https://evil.example', response: res(200, {}) };
    expect(diagnose(ex).warnings).toEqual([]);
  });

  it('Firefox names its deprecation warning', () => {
    const d = diagnose(exchange({ headers: { Authorization: 'x' }, preflight: sent(res(204, allow({ Vary: 'Origin', 'Access-Control-Allow-Headers': '*' }))), response: res(200, allow({ Vary: 'Origin' })) }), FIREFOX);
    expect(d.warnings[0]?.firefox).toBe('CORSAllowHeaderFromPreflightDeprecation');
  });
});

describe('exposure', () => {
  it('safelisted names, listed names, * without credentials; never Set-Cookie', () => {
    const h = { Vary: 'Origin', 'Content-Type': 'x', 'X-Total': '1', 'X-Other': '2', 'Set-Cookie': 'a=1' };
    expect(diagnose(exchange({ response: res(200, allow({ ...h, 'Access-Control-Expose-Headers': 'x-total' })) })).exposure).toEqual({
      exposed: ['content-type', 'x-total'], hidden: ['access-control-allow-origin', 'vary', 'x-other', 'set-cookie', 'access-control-expose-headers'],
    });
    const star = diagnose(exchange({ response: res(200, allow({ ...h, 'Access-Control-Expose-Headers': '*' })) })).exposure;
    expect(star?.hidden).toEqual(['set-cookie']);
    const withCreds = diagnose(exchange({ credentials: 'include', response: res(200, allow({ ...h, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': '*' })) })).exposure;
    expect(withCreds?.exposed).toEqual(['content-type']);
  });
});
