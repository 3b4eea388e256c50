import { describe, expect, it } from 'vitest';
import { hostOfOrigin, onFreeAppPlatform, siteOf } from '../../src/proxy/site.js';
import { formDecode, isHostSegment, safeDecode, splitQuery, toTargetUrl } from '../../src/proxy/target.js';
import { isCredentialHeader, isCredentialParam } from '../../src/proxy/credentials.js';
import { hasDataSegment, isDestinationParam, isExcludedSite } from '../../src/proxy/exclusions.js';

describe('siteOf', () => {
  it.each([
    ['api.example.com', 'example.com'],
    ['example.com', 'example.com'],
    ['a.b.example.co.uk', 'example.co.uk'],
    ['shop.example.com.au', 'example.com.au'],
    ['www.example.ac.jp', 'example.ac.jp'],
    ['api.cors.sh', 'cors.sh'],
    ['my-cors.herokuapp.com', 'my-cors.herokuapp.com'],
    ['a.b.up.railway.app', 'b.up.railway.app'],
    ['user.github.io', 'user.github.io'],
    ['proxy.netnr.eu.org', 'netnr.eu.org'],
    ['herokuapp.com', 'herokuapp.com'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '[::1]'],
    ['example.com.', 'example.com'],
  ])('%s → %s', (h, s) => expect(siteOf(h)).toBe(s));
  it('knows free app platforms', () => {
    expect(onFreeAppPlatform('x.vercel.app')).toBe(true);
    expect(onFreeAppPlatform('vercel.app')).toBe(false);
    expect(onFreeAppPlatform('notvercel.app')).toBe(false);
  });
  it('reads hosts of origins', () => {
    expect(hostOfOrigin('https://a.example:8080')).toBe('a.example');
    expect(hostOfOrigin('null')).toBeNull();
    expect(hostOfOrigin(null)).toBeNull();
    expect(hostOfOrigin('garbage')).toBeNull();
  });
});

describe('decoding', () => {
  it.each([
    ['https%3A%2F%2Fa.example', 'https://a.example'],
    ['%E0%A4%A', '%E0%A4%A'],
    ['a%20b%ZZ%C3%A9', 'a b%ZZé'],
    ['%', '%'],
    ['plain', 'plain'],
  ])('safeDecode(%j) = %j', (s, want) => expect(safeDecode(s)).toBe(want));
  it('form-decodes + as a space', () => expect(formDecode('a+b%2Bc')).toBe('a b+c'));
  it('splits at most 32 parameters', () => {
    expect(splitQuery('a=1&&b&c=%41')).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: '' }, { name: 'c', value: '%41' }]);
    expect(splitQuery('x=1&'.repeat(100))).toHaveLength(32);
  });
});

describe('toTargetUrl', () => {
  it.each([
    ['https://a.example/x', 'https://a.example/x'],
    ['https:/a.example/x', 'https://a.example/x'],
    ['https:a.example/x', 'https://a.example/x'],
    ['HTTPS%3A%2F%2Fa.example%2Fx', 'https://a.example/x'],
    ['https%253A%252F%252Fa.example%252Fx', 'https://a.example/x'],
    ['//a.example/x', 'https://a.example/x'],
    ['%2F%2Fa.example%2Fx', 'https://a.example/x'],
    ['ftp://a.example/', null],
    ['javascript:alert(1)', null],
    ['a.example/x', null],
    ['', null],
  ])('%j → %j', (raw, want) => expect(toTargetUrl(raw, 'https', null)?.href ?? null).toBe(want));
  it.each([
    ['a.example/x', 'http://a.example/x'],
    ['a.example:443/x', 'https://a.example/x'],
    ['index.html', null],
    ['iscorsneeded', null],
  ])('schemeless %j → %j', (raw, want) => expect(toTargetUrl(raw, 'https', 'http')?.href ?? null).toBe(want));
  it('tells host segments from file names', () => {
    expect(isHostSegment('github.com')).toBe(true);
    expect(isHostSegment('localhost:8080')).toBe(true);
    expect(isHostSegment('10.0.0.1:80')).toBe(true);
    expect(isHostSegment('bundle.min.js')).toBe(false);
    expect(isHostSegment('v1')).toBe(false);
  });
});

describe('word lists', () => {
  it('credentials', () => {
    for (const h of ['Authorization', 'cookie', 'X-Api-Key', 'x-auth-token', 'X-CSRF-Token', 'client-secret']) expect(isCredentialHeader(h)).toBe(true);
    for (const h of ['Accept', 'Content-Type', 'X-Requested-With', 'Origin']) expect(isCredentialHeader(h)).toBe(false);
    for (const p of ['key', 'apiKey', 'api_key', 'access_token', 'client_secret', 'password', 'maps_key']) expect(isCredentialParam(p)).toBe(true);
    for (const p of ['keyboard', 'monkey', 'url', 'q', 'code']) expect(isCredentialParam(p)).toBe(false);
  });
  it('destinations and data endpoints', () => {
    for (const p of ['redirect_uri', 'post_logout_redirect_uri', 'returnUrl', 'return_to', 'continue', 'next', 'callback', 'state', 'RelayState']) expect(isDestinationParam(p)).toBe(true);
    for (const p of ['url', 'quest', 'u', 'target']) expect(isDestinationParam(p)).toBe(false);
    expect(hasDataSegment('/api/oembed')).toBe(true);
    expect(hasDataSegment('/_next/image')).toBe(true);
    expect(hasDataSegment('/api/proxy/')).toBe(false);
    expect(isExcludedSite('example-com.translate.goog', 'example-com.translate.goog')).toBe(false);
    expect(isExcludedSite('example-com.translate.goog', 'translate.goog')).toBe(true);
    expect(isExcludedSite('www.google.de', 'google.de')).toBe(true);
  });
});
