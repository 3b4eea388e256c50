import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normaliseOriginArg, originOf, parseUrl, parsesAsUrl, sameOrigin, urlFacts, urlHasCredentials } from '../../src/http/origin.js';
import { mimeEssence } from '../../src/http/mime.js';

describe('origins', () => {
  it.each([
    ['https://a.example/x?y', 'https://a.example'],
    ['https://a.example:443/', 'https://a.example'],
    ['http://a.example:8080', 'http://a.example:8080'],
    ['HTTP://A.EXAMPLE', 'http://a.example'],
    ['data:text/plain,x', 'null'],
    ['not a url', 'null'],
  ])('originOf(%s) = %s', (u, o) => expect(originOf(u)).toBe(o));
  it('same origin', () => {
    expect(sameOrigin('https://a.example/x', 'https://a.example:443/y')).toBe(true);
    expect(sameOrigin('https://a.example', 'http://a.example')).toBe(false);
    expect(sameOrigin('data:,a', 'data:,a')).toBe(false);
  });
  it.each([
    ['https://u:p@a.example', true], ['https://u:@a.example', true], ['https://:p@a.example', true],
    ['https://@a.example', false], ['https://a.example', false],
  ])('credentials in %s: %s', (u, want) => expect(urlHasCredentials(u)).toBe(want));
  it.each([['https://x/', true], ['example.com', false], ['*.example.com', false], ['', false]])('parsesAsUrl(%j)', (v, want) => expect(parsesAsUrl(v)).toBe(want));
  it.each([
    ['https://a.example', 'https://a.example'], ['https://a.example/', 'https://a.example'], ['null', 'null'],
    ['https://a.example/path', null], ['a.example', null], ['https://a.example?x', null],
  ])('--origin %s', (v, want) => expect(normaliseOriginArg(v)).toBe(want));
});

describe('MIME essence (mimesniff "parse a MIME type")', () => {
  it.each([
    ['text/plain', 'text/plain'], [' Text/Plain ; charset=x', 'text/plain'], ['text/plain;', 'text/plain'],
    ['text/', null], ['/plain', null], ['text', null], ['te xt/plain', null], ['text/pla in', null], ['', null],
  ])('%j → %j', (v, want) => expect(mimeEssence(v)).toBe(want));
});

describe('urlFacts fast path agrees with the URL parser', () => {
  const slow = (u: string) => {
    const p = parseUrl(u);
    return p ? { origin: p.origin, http: p.protocol === 'http:' || p.protocol === 'https:', credentials: p.username !== '' || p.password !== '' } : null;
  };
  it.each([
    'https://api.example/x', 'http://127.0.0.1:8080/', 'https://a.example:443/', 'http://a.example:80', 'HTTPS://A.EXAMPLE/',
    'https://127.1/', 'https://0x7f.0.0.1/', 'https://a.123/', 'https://u:p@a.example/', 'https://a.example\\@b.example/',
    'https://xn--bcher-kva.example/', 'https://bücher.example/', 'https://a.example:65536/', 'https://a.example:0/', 'https://a.example:08/',
    'https://a..example/', 'https://-a.example/', 'https://a.example.', 'https://a.example?x', 'https://a.example#y', 'https://256.0.0.1/',
    'https://a.example:99999', 'http://[::1]:3000/', 'file:///x', 'https://a_b.example/',
  ])('%s', (u) => expect(urlFacts(u)).toEqual(slow(u)));
  it('on random URLs', () => {
    fc.assert(fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), (u) => {
      expect(urlFacts(u)).toEqual(slow(u));
    }), { numRuns: 10_000 });
  }, 60_000);
});
