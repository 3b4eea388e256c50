import { describe, expect, it } from 'vitest';
import { isForbiddenRequestHeader, normaliseMethod, preflightNeed, unsafeReason } from '../../src/engine/safelist.js';
import { CHROMIUM, FIREFOX } from '../../src/engine/profile.js';
import type { UnsafeHeaderReason } from '../../src/engine/types.js';

describe('request-header safelist (Fetch #cors-safelisted-request-header)', () => {
  it.each<[string, string, UnsafeHeaderReason | null]>([
    ['accept', '*/*', null],
    ['accept', 'text/html, application/json;q=0.9', null],
    ['accept', 'a"b', 'unsafe-byte'],
    ['accept', 'a\u0001b', 'unsafe-byte'],
    ['accept', 'a\tb', null],
    ['accept', 'x'.repeat(128), null],
    ['accept', 'x'.repeat(129), 'value-too-long'],
    ['accept', 'é'.repeat(65), 'value-too-long'], // 130 bytes in UTF-8
    ['accept-language', 'en-US,en;q=0.5', null],
    ['accept-language', 'en@x', 'language-chars'],
    ['content-language', 'de-DE', null],
    ['content-language', 'de\u0007', 'language-chars'],
    ['content-type', 'text/plain', null],
    ['content-type', 'text/plain;charset=UTF-8', null],
    ['content-type', 'TEXT/PLAIN', null],
    ['content-type', 'multipart/form-data; boundary=x', null],
    ['content-type', 'application/x-www-form-urlencoded', null],
    ['content-type', 'application/json', 'content-type'],
    ['content-type', 'text/html', 'content-type'],
    ['content-type', 'text/plain, application/json', 'content-type'],
    ['content-type', 'text/plain; x="a:b"', 'unsafe-byte'],
    ['content-type', 'text', 'content-type'],
    ['range', 'bytes=0-', null],
    ['range', 'bytes=0-10', null],
    ['range', 'bytes=10-5', 'range'],
    ['range', 'bytes=-5', 'range'],
    ['range', 'bytes=0-1,3-4', 'range'],
    ['range', 'bytes= 0-1', 'range'],
    ['x-requested-with', 'XMLHttpRequest', 'not-safelisted'],
    ['authorization', 'Bearer x', 'not-safelisted'],
  ])('%s: %j → %s', (name, value, want) => expect(unsafeReason(name, value, FIREFOX)).toBe(want));

  it.each<[string, string, UnsafeHeaderReason | null, UnsafeHeaderReason | null]>([
    ['dpr', '2', null, 'not-safelisted'],
    ['dpr', 'two', 'not-safelisted', 'not-safelisted'],
    ['width', '100', null, 'not-safelisted'],
    ['viewport-width', '1.5', 'not-safelisted', 'not-safelisted'],
    ['device-memory', '0.5', null, 'not-safelisted'],
    ['save-data', 'on', null, 'not-safelisted'],
    ['save-data', 'off', 'not-safelisted', 'not-safelisted'],
  ])('Chromium-only safelist %s: %j', (name, value, chromium, firefox) => {
    expect(unsafeReason(name, value, CHROMIUM)).toBe(chromium);
    expect(unsafeReason(name, value, FIREFOX)).toBe(firefox);
  });
});

describe('forbidden request headers', () => {
  it.each<[string, string, boolean]>([
    ['Cookie', 'a', true], ['Origin', 'x', true], ['Referer', 'x', true], ['Content-Length', '1', true],
    ['Proxy-Anything', 'x', true], ['Sec-Fetch-Mode', 'cors', true], ['X-HTTP-Method-Override', 'TRACE', true],
    ['X-HTTP-Method-Override', 'PUT', false], ['X-Test', '1', false], ['Authorization', 'x', false],
  ])('%s: %s → %s', (n, v, want) => expect(isForbiddenRequestHeader(n, v)).toBe(want));
});

describe('method normalisation (Fetch #concept-method-normalize)', () => {
  it.each([['get', 'GET'], ['put', 'PUT'], ['delete', 'DELETE'], ['Options', 'OPTIONS'], ['patch', 'patch'], ['PROPFIND', 'PROPFIND']])('%s → %s', (m, want) => expect(normaliseMethod(m)).toBe(want));
});

describe('preflightNeed', () => {
  it('simple request needs none', () => {
    expect(preflightNeed('GET', [['Accept', 'application/json']], CHROMIUM)).toEqual({ needed: false, method: null, headers: [], headerReasons: [] });
  });
  it('lists unsafe names lower-cased, de-duplicated and sorted', () => {
    const need = preflightNeed('POST', [['X-B', '1'], ['x-a', '1'], ['X-B', '2'], ['Content-Type', 'application/json']], CHROMIUM);
    expect(need.headers).toEqual(['content-type', 'x-a', 'x-b']);
    expect(need.method).toBeNull();
  });
  it('more than 1024 bytes of safelisted values makes them all unsafe', () => {
    const headers: [string, string][] = [['Accept', 'a'.repeat(120)], ['Accept-Language', 'b'.repeat(120)], ['Content-Language', 'c'.repeat(120)]];
    for (let i = 0; i < 6; i++) headers.push(['Accept', 'd'.repeat(120)]);
    const need = preflightNeed('GET', headers, CHROMIUM);
    expect(need.headers).toEqual(['accept', 'accept-language', 'content-language']);
    expect(need.headerReasons.every((r) => r.reason === 'total-too-long')).toBe(true);
  });
  it('exactly 1024 bytes is still fine', () => {
    const headers: [string, string][] = Array.from({ length: 8 }, () => ['Accept', 'a'.repeat(128)] as [string, string]);
    expect(preflightNeed('GET', headers, CHROMIUM).needed).toBe(false);
  });
  it('ignores forbidden names', () => {
    expect(preflightNeed('GET', [['Cookie', 'x'], ['Sec-Ch-Foo', 'y']], CHROMIUM).needed).toBe(false);
  });
});
