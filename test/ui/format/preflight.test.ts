import { describe, expect, it } from 'vitest';
import { makeFinding } from '../../../src/catalogue/finding.js';
import { preflightWhy } from '../../../src/ui/format/preflight.js';
import { allow, res, sent } from '../../support/builders.js';
import { entry, fixtureEntry, judged } from '../support/entries.js';

describe('preflightWhy', () => {
  it.each([
    ['preflight-no-acah', 'sent', 'PUT', ['x-test']],
    ['preflight-no-acam', 'sent', 'PUT', []],
    ['preflight-cached', 'cached', 'DELETE', []],
    ['acao-star', 'none', null, []],
  ] as const)('%s: %s, method %s, headers %j', (fixture, kind, method, headers) => {
    const why = preflightWhy(fixtureEntry(fixture));
    expect(why.kind).toBe(kind);
    expect(why.method).toBe(method);
    expect(why.headers.map((h) => h.name)).toEqual(headers);
  });

  it('names the header value and why it is not simple when the request was seen', () => {
    const e = judged({ method: 'POST', headers: { 'Content-Type': 'application/json' }, preflight: sent(res(204, allow({ 'Access-Control-Allow-Headers': 'content-type' }))), response: res(200, allow()) });
    const why = preflightWhy(e);
    expect(why.kind).toBe('sent');
    expect(why.method).toBeNull();
    expect(why.headers).toEqual([{ name: 'content-type', value: 'application/json', reason: 'content-type' }]);
  });

  it('gives the max-age of a cached preflight', () => {
    const e = entry({ method: 'PUT', preflight: { status: null, requestHeaders: [], responseHeaders: [], cached: true, maxAge: 600 } });
    const why = preflightWhy(e);
    expect(why).toMatchObject({ kind: 'cached', maxAge: 600, method: 'PUT' });
    expect(why.text).toContain('600');
  });

  it('does not guess for light entries', () => {
    expect(preflightWhy(entry({ mode: 'light', verdict: 'blocked', reasons: [makeFinding('not-captured')] })).kind).toBe('unknown');
  });
});
