import { describe, expect, it } from 'vitest';
import { normaliseOriginArg, originOf, parsesAsUrl, sameOrigin, urlHasCredentials } from '../../src/http/origin.js';
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
