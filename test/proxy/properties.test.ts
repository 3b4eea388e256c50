/** Any input at all: detectProxy never throws and answers null or a well-formed ProxyInfo. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectProxy, detectProxyUnguarded } from '../../src/proxy/detect.js';
import { PROXY_HOSTS } from '../../src/proxy/hosts.js';
import { RISK_TEXTS } from '../../src/proxy/risks.js';
import type { HeaderPair } from '../../src/http/headers.js';
import type { ProxyInfo, ProxyInput, ProxyRisk } from '../../src/proxy/types.js';

const ORDER = Object.keys(RISK_TEXTS) as ProxyRisk[];

function wellFormed(info: ProxyInfo | null): void {
  if (info === null) return;
  expect(['known', 'suspected']).toContain(info.kind);
  if (info.kind === 'known') expect(typeof info.service).toBe('string');
  else expect(info.service).toBeNull();
  if (info.target !== null) expect(['http:', 'https:']).toContain(new URL(info.target).protocol);
  expect(info.risks[0]).toBe('third-party-sees-traffic');
  const idx = info.risks.map((r) => ORDER.indexOf(r));
  for (const [i, v] of idx.entries()) {
    expect(v).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(v).toBeGreaterThan(idx[i - 1] as number);
  }
}

const HEADER_NAMES = [
  'Authorization', 'Cookie', 'x-api-key', 'x-cors-api-key', 'x-strict-request-url', 'url', 'Referer', 'Content-Type',
  'Set-Cookie', 'Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'X-Request-URL', 'X-Final-URL', 'Location',
];
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.webUrl({ withQueryParameters: true }));
const headers: fc.Arbitrary<HeaderPair[]> = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string({ maxLength: 20 })), text), { maxLength: 8 });
const host = fc.oneof(fc.constantFrom(...PROXY_HOSTS, 'relay.example.net', 'x.vercel.app', 'cors.example.herokuapp.com', 'mock.cors.sh', 'wsrv.nl'), fc.domain());
/** Percent-encoding of random parts, sometimes malformed. */
const mangle = (s: string, how: number): string =>
  how === 0 ? s : how === 1 ? encodeURIComponent(s) : how === 2 ? s.replace(/\//g, '%2F').replace(':', '%3') : s.replace('//', '/');
const embedded = fc.tuple(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.integer({ min: 0, max: 3 })).map(([u, how]) => mangle(u, how));
const proxyish: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('http', 'https'),
    host,
    fc.constantFrom('/', '/proxy/', '/fetch/', '/api/cors/', '/get?url=', '/?', '/?u=', '/raw?url=', '/https/', '/url=', '/v1/proxy?quest='),
    embedded,
    fc.string({ maxLength: 20 }),
  )
  .map(([scheme, h, mid, e, tail]) => `${scheme}://${h}${mid}${e}${tail}`);
const url = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.webUrl({ withQueryParameters: true, withFragments: true }), proxyish);

const inputArb: fc.Arbitrary<ProxyInput> = fc.record({
  url,
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'OPTIONS', 'put'), fc.string({ maxLength: 8 })),
  type: fc.oneof(fc.constant(null), fc.constantFrom('xmlhttprequest', 'script', 'image', 'main_frame', 'sub_frame', 'ping', 'other'), fc.string({ maxLength: 10 })),
  initiator: fc.oneof(fc.constant(null), fc.constant('null'), fc.constantFrom('https://app.example.org', 'http://localhost:3000'), fc.string({ maxLength: 30 })),
  requestHeaders: headers,
  response: fc.oneof(fc.constant(null), fc.record({ status: fc.integer({ min: 0, max: 999 }), headers })),
});

describe('detectProxy on any input', () => {
  it('never throws and answers null or a well-formed ProxyInfo', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        wellFormed(detectProxyUnguarded(i));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds every embedded URL through a catalogue host as known', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROXY_HOSTS), fc.webUrl(), (h, target) => {
        const got = detectProxyUnguarded({ url: `https://${h}/${target}`, method: 'GET', type: 'xmlhttprequest', initiator: null, requestHeaders: [], response: null });
        expect(got?.kind).toBe('known');
        wellFormed(got);
      }),
      { numRuns: 500 },
    );
  });

  it('survives hostile strings in bounded time', () => {
    const hostile = [
      `https://relay.example.net/${'http'.repeat(200_000)}`,
      `https://relay.example.net/?${'url=https%3A%2F%2Fa.example%2F&'.repeat(50_000)}`,
      `https://relay.example.net/${'https:/'.repeat(100_000)}`,
      `https://cors-anywhere.herokuapp.com/${'%E0%A4%A'.repeat(100_000)}`,
      `https://relay.example.net/?https%3A%2F%2F${'%'.repeat(100_000)}`,
      `https://relay.example.net/https://${'a.'.repeat(100_000)}com/`,
      `https://${'a'.repeat(100_000)}.example/https://x.example/`,
      'https://relay.example.net/?url=https%253A%252F%252F%25ZZ',
      'https://relay.example.net/https%3A%2F%2F%ZZ%E0',
      'https://relay.example.net/http:/[::1',
      'https://relay.example.net/?url=https://[v1.x]/',
      '\u0000https://relay.example.net/https://a.example/',
      'https://relay.example.net/\uD800https://a.example/',
    ];
    const many: HeaderPair[] = Array.from({ length: 5000 }, (_, k) => [`x-h-${k}`, 'https://a.example/'.repeat(10)]);
    const start = performance.now();
    for (const u of hostile) {
      wellFormed(detectProxyUnguarded({ url: u, method: 'POST', type: 'xmlhttprequest', initiator: 'https://app.example.org', requestHeaders: many, response: { status: 200, headers: many } }));
    }
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('answers null for non-objects as input fields without throwing', () => {
    const odd = [
      { url: 42, method: null, type: 7, initiator: {}, requestHeaders: [], response: null },
      { url: 'https://relay.example.net/https://a.example/', method: undefined, type: null, initiator: null, requestHeaders: [[1, 2]], response: { status: 'x', headers: [[null, undefined]] } },
    ] as unknown as ProxyInput[];
    for (const i of odd) expect(() => wellFormed(detectProxy(i))).not.toThrow();
  });
});
