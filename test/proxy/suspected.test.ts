/** Research §2: proxies no list knows, found by shape (S1–S7), boosts and fingerprints. */
import { describe, expect, it } from 'vitest';
import { detectProxy, SCORING } from '../../src/proxy/detect.js';
import { input } from './support.js';
import type { InputSpec } from './support.js';

const ACAO = { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' };

const CASES: [label: string, url: string, spec: InputSpec, target: string | null][] = [
  // S1: absolute URL right after the host
  ['S1 cors-anywhere on Heroku', 'https://my-cors.herokuapp.com/https://api.x.com/v1', {}, 'https://api.x.com/v1'],
  ['S1 on Railway (research §2.3)', 'https://cors-anywhere-production-39d0.up.railway.app/https://api.target.com/x?y=1', {}, 'https://api.target.com/x?y=1'],
  ['S1 percent-encoded', 'https://gateway.example.net/https%3A%2F%2Fapi.target.com%2Fdata', {}, 'https://api.target.com/data'],
  ['S1 upper-case scheme', 'https://relay.example.net/HTTPS://api.target.com/x', {}, 'https://api.target.com/x'],
  ['S1 without initiator or type (CLI)', 'https://relay.example.net/https://api.target.com/', { initiator: null, type: null, response: null }, 'https://api.target.com/'],
  ['S1 script through a proxy', 'https://cdn-proxy.example.net/https://cdn.target.com/lib.js', { type: 'script' }, 'https://cdn.target.com/lib.js'],
  ['S1 SSRF to cloud metadata', 'https://my-proxy.fly.dev/http://169.254.169.254/latest/meta-data/', {}, 'http://169.254.169.254/latest/meta-data/'],
  ["S1 the page's own API through a third party", 'https://relay.example.net/https://api.example.org/v1', {}, 'https://api.example.org/v1'],
  // S2: prefix segment, then the URL
  ['S2 /proxy/ with a collapsed slash', 'https://p.example.net/proxy/https:/api.x.com/y', {}, 'https://api.x.com/y'],
  ['S2 /fetch/ (thingproxy)', 'https://tools.example.net/fetch/https://api.target.com/x', {}, 'https://api.target.com/x'],
  ['S2 /api/cors/', 'https://backend.example.net/api/cors/https://api.target.com/x', {}, 'https://api.target.com/x'],
  ['S2 /url= (cors.lol)', 'https://api.mirror.example.net/url=https://api.target.com/v2', {}, 'https://api.target.com/v2'],
  ['S2 other prefix on a free platform', 'https://bridge.onrender.com/v1/https://api.target.com/x', {}, 'https://api.target.com/x'],
  // S3: schemeless host as the first segment, with strong boosts only
  ['S3 on a proxy-ish platform host', 'https://my-cors-proxy.herokuapp.com/api.github.com/users/octocat', {}, 'http://api.github.com/users/octocat'],
  ['S3 with :443', 'https://cors-relay.vercel.app/api.target.com:443/v1', {}, 'https://api.target.com/v1'],
  // S4: protocol as its own segment
  ['S4 /api/cors/https/host/', 'https://site.example.net/api/cors/https/generativelanguage.googleapis.com/v1/models', {}, 'https://generativelanguage.googleapis.com/v1/models'],
  // S5: raw query
  ['S5 raw query', 'https://relay.example.net/?https://api.target.com/x?a=1&b=2', {}, 'https://api.target.com/x?a=1&b=2'],
  ['S5 encoded raw query', 'https://relay.example.net/?https%3A%2F%2Fapi.target.com%2Fx', {}, 'https://api.target.com/x'],
  ['S5 on workers.dev', 'https://my-worker.someone.workers.dev/?https://api.target.com/', {}, 'https://api.target.com/'],
  // S6: a parameter
  ['S6 ?url= on Vercel', 'https://x.vercel.app/api?url=https%3A%2F%2Fapi.y.com%2F', {}, 'https://api.y.com/'],
  ['S6 research §2.3 example', 'https://pkg-inspector-cors-proxy.vercel.app/?url=https://registry.npmjs.org/react', {}, 'https://registry.npmjs.org/react'],
  ['S6 ?quest= on Render', 'https://codetabs-clone.onrender.com/v1/proxy?quest=https://api.target.com/', {}, 'https://api.target.com/'],
  ['S6 /api/cors?url=', 'https://api.fetcher.example.net/api/cors?url=https%3A%2F%2Fapi.target.com%2Fv1', { response: ACAO }, 'https://api.target.com/v1'],
  ['S6 /proxy?url= (no response)', 'https://api.fetcher.example.net/proxy?url=https%3A%2F%2Fapi.target.com%2Fv1', { response: null }, 'https://api.target.com/v1'],
  ['S2 other prefix with a permissive response', 'https://api.fetcher.example.net/v1/https://api.target.com/x', { response: ACAO }, 'https://api.target.com/x'],
  ['S2 other prefix reflecting the origin', 'https://api.fetcher.example.net/v1/https://api.target.com/x', { response: { 'Access-Control-Allow-Origin': 'https://app.example.org' } }, 'https://api.target.com/x'],
  ['S6 ?target= with POST', 'https://api.example.net/relay?target=https://api.target.com/v1', { method: 'POST' }, 'https://api.target.com/v1'],
  ['S6 double-encoded', 'https://x.netlify.app/.netlify/functions/proxy?url=https%253A%252F%252Fapi.target.com%252Fv1', {}, 'https://api.target.com/v1'],
  ['S6 protocol-relative ?u=', 'https://cors.example.net/?u=//api.target.com/x', {}, 'https://api.target.com/x'],
  ['S6 PHP proxy.php?url= on a proxy-ish host', 'https://proxy.example.net/proxy.php?url=http%3A%2F%2Fapi.target.com%2Ffeed', {}, 'http://api.target.com/feed'],
  // S7 and fingerprints
  ['S7 cors.sh header', 'https://gateway.example.net/', { headers: { 'x-strict-request-url': 'https://api.target.com/x' } }, 'https://api.target.com/x'],
  ['S7 url header (URL-encoded)', 'https://backend-cors.example.net/', { method: 'POST', headers: { url: 'https%3A%2F%2Fapi.target.com%2Fchat' } }, 'https://api.target.com/chat'],
  ['cors-anywhere X-Request-URL on an unknown host', 'https://fetcher.example.net/api.target.com/v1', { response: { 'X-Request-URL': 'http://api.target.com/v1', 'X-Final-URL': 'http://api.target.com/v1', 'Access-Control-Allow-Origin': '*' } }, 'http://api.target.com/v1'],
  ['cors.sh key header with a path URL', 'https://cors.mycompany.example.net/https://api.target.com/', { headers: { 'x-cors-api-key': 'live_123' } }, 'https://api.target.com/'],
  ['cors_api_key query', 'https://gw.example.net/https://api.target.com/?cors_api_key=test_1', {}, 'https://api.target.com/?cors_api_key=test_1'],
  ['cloudflare-cors-anywhere headers', 'https://edge.example.net/x', { response: { 'cors-received-headers': '{}', 'Access-Control-Allow-Origin': '*' } }, null],
  ['fingerprint only: X-Final-URL', 'https://fetcher.example.net/x', { response: { 'X-Final-URL': 'https://api.target.com/x' } }, null],
  ['fingerprint beats a navigation', 'https://fetcher.example.net/https://api.target.com/', { type: 'sub_frame', response: { 'X-Request-URL': 'https://api.target.com/' } }, 'https://api.target.com/'],
];

describe('suspected proxies on unknown hosts', () => {
  it('has at least 20 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(20));
  it.each(CASES)('%s', (_label, url, spec, target) => {
    const got = detectProxy(input(url, spec));
    expect(got).toMatchObject({ kind: 'suspected', service: null, target });
    expect(got?.risks[0]).toBe('third-party-sees-traffic');
  });

  it('keeps its numbers in one place', () => {
    expect(SCORING.threshold).toBe(4);
    expect(SCORING.base['path-url']).toBeGreaterThanOrEqual(SCORING.threshold);
    expect(SCORING.base['schemeless-host'] + SCORING.hostToken).toBeLessThan(SCORING.threshold);
  });

  it('picks the strongest candidate', () => {
    // The path URL (S1) wins over a data parameter naming another URL.
    const got = detectProxy(input('https://relay.example.net/https://api.target.com/x?ref=https://news.example.com/'));
    expect(got?.target).toBe('https://api.target.com/x?ref=https://news.example.com/');
  });

  it('needs a real hop: a target on the proxy host or site is none', () => {
    expect(detectProxy(input('https://relay.example.net/https://relay.example.net/x'))).toBeNull();
    expect(detectProxy(input('https://relay.example.net/https://static.example.net/x'))).toBeNull();
  });

  it('needs the boosts for weak shapes', () => {
    expect(detectProxy(input('https://api.example.net/v1/https://api.target.com/x'))).toBeNull(); // S2, no proxy-ish prefix
    expect(detectProxy(input('https://site.example.net/mirror/https/docs.target.com/x'))).toBeNull(); // S4 alone
    expect(detectProxy(input('https://cors-proxy.example.net/api.github.com/users'))).toBeNull(); // S3 + host token only
  });
});
