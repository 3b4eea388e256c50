import { describe, expect, it } from 'vitest';
import { detectProxy } from '../../src/proxy/detect.js';
import { isPrivateHost } from '../../src/proxy/private-address.js';
import { PROXY_ADVICE, RISK_TEXTS } from '../../src/proxy/risks.js';
import type { ProxyRisk } from '../../src/proxy/types.js';
import { input } from './support.js';
import type { InputSpec } from './support.js';

/** A proxy that is reliable as far as the catalogue knows, so only the risk under test varies. */
const RELIABLE = 'https://proxy.netnr.eu.org/https://api.target.com/v1';
const UNKNOWN = 'https://relay.example.net/https://api.target.com/v1';

function risks(url: string, spec: InputSpec = {}): ProxyRisk[] {
  const got = detectProxy(input(url, spec));
  expect(got).not.toBeNull();
  return got?.risks ?? [];
}

const CASES: [risk: ProxyRisk, label: string, url: string, spec: InputSpec, present: boolean][] = [
  ['third-party-sees-traffic', 'always (known)', RELIABLE, {}, true],
  ['third-party-sees-traffic', 'always (suspected)', UNKNOWN, {}, true],
  ['sends-credentials', 'Authorization', RELIABLE, { headers: { Authorization: 'Bearer x' } }, true],
  ['sends-credentials', 'Cookie', RELIABLE, { headers: { Cookie: 'a=1' } }, true],
  ['sends-credentials', 'Proxy-Authorization', UNKNOWN, { headers: { 'Proxy-Authorization': 'Basic eA==' } }, true],
  ['sends-credentials', 'x-api-key', RELIABLE, { headers: { 'X-API-Key': 'k' } }, true],
  ['sends-credentials', 'a *token* header', RELIABLE, { headers: { 'X-Session-Token': 't' } }, true],
  ['sends-credentials', "cors.sh's key header", 'https://proxy.cors.sh/https://api.target.com/', { headers: { 'x-cors-api-key': 'live_1' } }, true],
  ['sends-credentials', 'api_key in the proxy query', 'https://go.x2u.in/proxy?apiKey=KEY&url=https%3A%2F%2Fapi.target.com', {}, true],
  ['sends-credentials', "access_token in the target's query", 'https://api.allorigins.win/raw?url=https%3A%2F%2Fapi.target.com%2Fme%3Faccess_token%3Dabc', {}, true],
  ['sends-credentials', 'client_secret in a path target', 'https://cors-anywhere.azm.workers.dev/https://github.com/login/oauth/access_token?client_id=1&client_secret=s&code=c', {}, true],
  ['sends-credentials', 'userinfo in the target', 'https://proxy.netnr.eu.org/https://user:pw@api.target.com/', {}, true],
  ['sends-credentials', 'none: plain headers', RELIABLE, { headers: { Accept: 'application/json', 'Content-Type': 'text/plain' } }, false],
  ['sends-credentials', 'none: empty key values', 'https://api.allorigins.win/raw?url=https%3A%2F%2Fapi.target.com%2F%3Fkey%3D', { headers: { Authorization: ' ' } }, false],
  ['sends-credentials', 'none: keyboard is not a key', 'https://api.allorigins.win/raw?url=https%3A%2F%2Fapi.target.com%2F%3Fkeyboard%3Dus', {}, false],
  ['sets-cookies', 'Set-Cookie', RELIABLE, { response: { 'Set-Cookie': 'sid=1; Path=/' } }, true],
  ['sets-cookies', 'none', RELIABLE, { response: { 'Content-Type': 'application/json' } }, false],
  ['sets-cookies', 'no response', RELIABLE, { response: null }, false],
  ['allows-credentials', 'ACAC true', RELIABLE, { response: { 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Origin': 'https://app.example.org' } }, true],
  ['allows-credentials', 'ACAC with whitespace around', UNKNOWN, { response: { 'Access-Control-Allow-Credentials': ' true ' } }, true],
  ['allows-credentials', 'ACAC True (Fetch compares byte for byte)', RELIABLE, { response: { 'Access-Control-Allow-Credentials': 'True' } }, false],
  ['allows-credentials', 'ACAC false', RELIABLE, { response: { 'Access-Control-Allow-Credentials': 'false' } }, false],
  ['executable-content', 'script type', RELIABLE, { type: 'script' }, true],
  ['executable-content', 'frame type', RELIABLE, { type: 'sub_frame' }, true],
  ['executable-content', 'JavaScript response', RELIABLE, { response: { 'Content-Type': 'application/javascript; charset=utf-8' } }, true],
  ['executable-content', 'HTML response', UNKNOWN, { response: { 'Content-Type': 'text/html' } }, true],
  ['executable-content', 'SVG response', RELIABLE, { response: { 'Content-Type': 'image/svg+xml' } }, true],
  ['executable-content', 'JSONP callback', 'https://api.allorigins.win/get?url=https%3A%2F%2Fapi.target.com%2F&callback=handle', {}, true],
  ['executable-content', 'none: JSON by XHR', RELIABLE, { response: { 'Content-Type': 'application/json' } }, false],
  ['executable-content', 'none: empty callback', 'https://jsonp.afeld.me/?callback=&url=https%3A%2F%2Fapi.target.com%2F', {}, false],
  ['private-target', 'cloud metadata', 'https://proxy.netnr.eu.org/http://169.254.169.254/latest/meta-data/', {}, true],
  ['private-target', '10/8', 'https://relay.example.net/http://10.0.0.5/admin', {}, true],
  ['private-target', '[::1]', 'https://proxy.netnr.eu.org/http://[::1]:8080/', {}, true],
  ['private-target', 'localhost', 'https://corsproxy.io/?url=http%3A%2F%2Flocalhost%3A3000%2Fapi', {}, true],
  ['private-target', 'hex IPv4 0x7f000001', 'https://proxy.netnr.eu.org/http://0x7f000001/', {}, true],
  ['private-target', 'decimal IPv4', 'https://proxy.netnr.eu.org/http://2130706433/', {}, true],
  ['private-target', 'metadata.google.internal', 'https://proxy.netnr.eu.org/http://metadata.google.internal/computeMetadata/v1/', {}, true],
  ['private-target', 'schemeless private host (cors-anywhere)', 'https://cors-anywhere.herokuapp.com/192.168.1.1/', {}, true],
  ['private-target', 'none: public target', RELIABLE, {}, false],
  ['private-target', 'none: no target', 'https://proxy.netnr.eu.org/', {}, false],
  ['unreliable-service', 'cors-anywhere demo', 'https://cors-anywhere.herokuapp.com/https://api.target.com/', {}, true],
  ['unreliable-service', 'corsproxy.io', 'https://corsproxy.io/?url=https%3A%2F%2Fapi.target.com%2F', {}, true],
  ['unreliable-service', 'none: a catalogue entry without reports', RELIABLE, {}, false],
  ['unreliable-service', 'none: suspected proxies', UNKNOWN, {}, false],
];

describe('risk codes', () => {
  it.each(CASES)('%s: %s', (risk, _label, url, spec, present) => {
    expect(risks(url, spec).includes(risk)).toBe(present);
  });

  it('has a positive and a negative case for every code', () => {
    for (const code of Object.keys(RISK_TEXTS) as ProxyRisk[]) {
      expect(CASES.some(([r, , , , p]) => r === code && p)).toBe(true);
      if (code !== 'third-party-sees-traffic') expect(CASES.some(([r, , , , p]) => r === code && !p)).toBe(true);
    }
  });

  it('reports risks in declaration order, once each', () => {
    const got = risks('https://cors-anywhere.herokuapp.com/http://127.0.0.1/x.js?token=1', {
      type: 'script',
      headers: { Cookie: 'a=1', Authorization: 'b' },
      response: { 'Set-Cookie': 'a=1', 'Access-Control-Allow-Credentials': 'true', 'Content-Type': 'text/javascript' },
    });
    expect(got).toEqual(['third-party-sees-traffic', 'sends-credentials', 'sets-cookies', 'allows-credentials', 'executable-content', 'private-target', 'unreliable-service']);
  });
});

describe('isPrivateHost', () => {
  it.each([
    '127.0.0.1', '127.8.9.10', '10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.100.100.200',
    '[::1]', '[::]', '[fc00::1]', '[fd12:3456::1]', '[fe80::1]', '[::ffff:7f00:1]', '[::ffff:127.0.0.1]', '[::ffff:a9fe:a9fe]',
    'localhost', 'LOCALHOST', 'api.localhost', 'printer.local', 'metadata.google.internal', 'nas.home.arpa', 'intranet', 'localhost.',
  ])('%s is private', (h) => expect(isPrivateHost(h)).toBe(true));
  it.each([
    '8.8.8.8', '172.32.0.1', '172.15.0.1', '192.169.0.1', '169.255.0.1', '100.128.0.1', '11.0.0.1', '[2001:db8::1]', '[::ffff:808:808]',
    'example.com', 'localhost.example.com', 'internal.example.com', 'local.example', '', '[not-ip]',
  ])('%s is not', (h) => expect(isPrivateHost(h)).toBe(false));
  it('sees the forms the URL parser normalises', () => {
    for (const u of ['http://0x7f000001/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://127.1/', 'http://[0:0:0:0:0:0:0:1]/']) {
      expect(isPrivateHost(new URL(u).hostname)).toBe(true);
    }
  });
});

describe('risk texts', () => {
  it('explains every code in short plain text', () => {
    for (const t of Object.values(RISK_TEXTS)) {
      expect(t.title.length).toBeLessThanOrEqual(60);
      expect(t.title).not.toMatch(/\.$/);
      for (const s of [t.title, t.explanation, t.instead]) expect(s).not.toMatch(/[<>`*_[\]]/);
      expect(t.explanation.split(/\.\s/).length).toBeLessThanOrEqual(2);
      expect(t.instead).toMatch(/\.$/);
    }
  });
  it('gives advice for instead and for locking a proxy down', () => {
    expect(PROXY_ADVICE.instead.join(' ')).toMatch(/backend/);
    expect(PROXY_ADVICE.instead.join(' ')).toMatch(/server\.proxy/);
    expect(PROXY_ADVICE.instead.join(' ')).toMatch(/enable CORS/);
    for (const w of [/allowlist/i, /Origin header/, /cookies/, /Allow-Credentials: true/, /Rate-limit/, /private/]) expect(PROXY_ADVICE.lockDown.join(' ')).toMatch(w);
  });
});
