import { describe, expect, it } from 'vitest';
import { CATALOGUE, entriesForHost } from '../../src/proxy/catalogue.js';
import { detectProxy } from '../../src/proxy/detect.js';
import { PROXY_HOSTS, proxyUrlPatterns } from '../../src/proxy/hosts.js';
import { input } from './support.js';

/** Every catalogue example and the target a reader of that service's docs would expect, decoded. */
const EXPECTED: Record<string, string> = {
  'https://cors-anywhere.herokuapp.com/https://example.com/api': 'https://example.com/api',
  'https://api.allorigins.win/raw?url=https%3A%2F%2Fexample.com%2F': 'https://example.com/',
  'https://api.allorigins.win/get?url=https%3A%2F%2Fexample.com%2F': 'https://example.com/',
  'https://allorigins.me/get?url=https%3A%2F%2Fexample.com': 'https://example.com/',
  'https://allorigins.ml/get?url=https%3A%2F%2Fexample.com': 'https://example.com/',
  'https://allorigins.glitch.me/get?url=https%3A%2F%2Fexample.com': 'https://example.com/',
  'https://allorigins.hexlet.app/get?disableCache=true&url=https%3A%2F%2Fexample.com%2Frss': 'https://example.com/rss',
  'https://corsproxy.io/?url=https%3A%2F%2Fexample.com%2Fapi': 'https://example.com/api',
  'https://corsproxy.io/?https%3A%2F%2Fexample.com%2Fapi': 'https://example.com/api',
  'https://cors.bridged.cc/https://example.com': 'https://example.com/',
  'https://proxy.cors.sh/https://example.com/': 'https://example.com/',
  'https://api.cors.sh/https://google.com': 'https://google.com/',
  'https://cors.sh/https://example.com': 'https://example.com/',
  'https://whateverorigin.org/get?url=https%3A%2F%2Fexample.com&callback=cb': 'https://example.com/',
  'http://anyorigin.com/go/?url=https%3A%2F%2Fexample.com&callback=cb': 'https://example.com/',
  'https://crossorigin.me/https://google.com': 'https://google.com/',
  'http://www.corsproxy.com/example.com/data.json': 'http://example.com/data.json',
  'https://cors.io/?https://example.com/': 'https://example.com/',
  'https://yacdn.org/proxy/https://example.com/': 'https://example.com/',
  'https://yacdn.org/serve/https://example.com/': 'https://example.com/',
  'https://cors-anywhere.azm.workers.dev/https://github.com/login/oauth/access_token': 'https://github.com/login/oauth/access_token',
  'https://proxy.netnr.eu.org/https://api.github.com': 'https://api.github.com/',
  'https://api.cors.syrins.tech/?url=https://example.com/api': 'https://example.com/api',
  'https://cors.now.sh/https://example.com': 'https://example.com/',
  'https://cors-new.now.sh/https://example.com': 'https://example.com/',
  'https://corsproxy.our.buildo.io/https://jsonplaceholder.typicode.com/posts': 'https://jsonplaceholder.typicode.com/posts',
  'http://www.corsify.me/https://example.com': 'https://example.com/',
  'https://universal-cors-proxy.glitch.me/fetch/https://api.demo/items': 'https://api.demo/items',
  'http://cors.hyoo.ru/https://example.com': 'https://example.com/',
  'https://cors4js.appspot.com/?url=https://example.com': 'https://example.com/',
  'http://fuck-cors.com/?url=https://example.com': 'https://example.com/',
  'https://proxy-sauce.glitch.me/https://example.com': 'https://example.com/',
  'http://corsy.rs.af.cm/?get=https://example.com': 'https://example.com/',
  'https://crossproxy.me/https://example.com': 'https://example.com/',
  'https://galvanize-cors-proxy.herokuapp.com/https://example.com': 'https://example.com/',
  'http://coin-toss.herokuapp.com/https://example.com': 'https://example.com/',
  'http://dry-sierra-94326.herokuapp.com/https://example.com': 'https://example.com/',
  'https://free-cors-proxy.herokuapp.com/https://example.com': 'https://example.com/',
  'https://goxcors.appspot.com/cors?url=https%3A%2F%2Fhttpbin.org%2Fget&method=GET': 'https://httpbin.org/get',
  'https://cors-buster.now.sh/?href=https://example.com': 'https://example.com/',
  'https://go.x2u.in/proxy?email=me%40example.com&apiKey=KEY&url=https%3A%2F%2Fexample.com': 'https://example.com/',
  'https://query.yahooapis.com/v1/public/yql?q=select%20*%20from%20data.headers%20where%20url%3D%22https%3A%2F%2Fexample.com%22&format=json': 'https://example.com/',
  'http://jsonpdataproxy.appspot.com/?url=http://example.com/data.csv': 'http://example.com/data.csv',
  'https://cors-anywhere.1l1.icu/https://github.com/login/oauth/access_token': 'https://github.com/login/oauth/access_token',
  'https://cros.shashstorm.in/cors?url=https://example.com/home.html': 'https://example.com/home.html',
  'https://flagplayer-cors.seneral.dev/https://www.youtube.com/': 'https://www.youtube.com/',
  'https://cors-proxy.fringe.zone/https://example.com': 'https://example.com/',
  'https://cors.rozx.moe/?https://example.com': 'https://example.com/',
  'https://api.scraperlink.com/cors?url=https://example.com': 'https://example.com/',
  'https://api.allorigins.hexocode.repl.co/get?disableCache=true&url=https://example.com': 'https://example.com/',
  'https://allorigins.win/raw?url=https%3A%2F%2Fexample.com%2F': 'https://example.com/',
  'https://app.cors.bridged.cc/https://example.com': 'https://example.com/',
  'https://corsproxy.github.io/https://example.com': 'https://example.com/',
  'http://corsproxy.com/example.com/data.json': 'http://example.com/data.json',
  'http://corsify.me/https://example.com': 'https://example.com/',
  'https://cors.x2u.in/proxy?email=me%40example.com&apiKey=KEY&url=https%3A%2F%2Fexample.com': 'https://example.com/',
  'http://www.whateverorigin.org/get?url=https%3A%2F%2Fexample.com&callback=cb': 'https://example.com/',
  'https://thingproxy.freeboard.io/fetch/http://my.api.com/get/stuff': 'http://my.api.com/get/stuff',
  'https://api.codetabs.com/v1/proxy?quest=https%3A%2F%2Fexample.com%2F': 'https://example.com/',
  'https://jsonp.afeld.me/?callback=&url=https%3A%2F%2Fexample.com%2Fdata.json': 'https://example.com/data.json',
  'https://test.cors.workers.dev/?https://httpbin.org/post': 'https://httpbin.org/post',
  'https://cors-proxy.htmldriven.com/?url=https%3A%2F%2Fexample.com': 'https://example.com/',
  'http://gobetween.oklabs.org/pipe/https://example.com/data.csv': 'https://example.com/data.csv',
  'https://gobetween.oklabs.org/file/https://raw.githubusercontent.com/dataprotocols/schemas/master/data-package.json':
    'https://raw.githubusercontent.com/dataprotocols/schemas/master/data-package.json',
  'https://api.cors.lol/url=https://example.com/api/data': 'https://example.com/api/data',
  'https://api.cors.lol/?url=https://example.com/api/data': 'https://example.com/api/data',
  'https://cors.eu.org/https://example.com/db.sqlite': 'https://example.com/db.sqlite',
  'https://cors.isomorphic-git.org/github.com/isomorphic-git/isomorphic-git.git/info/refs?service=git-upload-pack':
    'https://github.com/isomorphic-git/isomorphic-git.git/info/refs?service=git-upload-pack',
  'https://cors-proxy.tk/?url=http://google.com/': 'http://google.com/',
};

/** A host name a match pattern accepts: lower-case LDH labels, at least one dot, no port. */
const MATCH_PATTERN_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/;

describe('catalogue data', () => {
  it('has a table row here for every example, and only those', () => {
    expect(new Set(CATALOGUE.map((e) => e.example))).toEqual(new Set(Object.keys(EXPECTED)));
  });

  it.each(CATALOGUE.map((e) => [e.host, e] as const))('%s: well-formed entry', (_host, e) => {
    expect(e.host).toMatch(MATCH_PATTERN_HOST);
    expect(new URL(e.example).hostname).toBe(e.host);
    expect(e.pathPrefix.startsWith('/')).toBe(true);
    expect(e.service.trim()).not.toBe('');
    expect(e.source.trim()).not.toBe('');
    expect(e.status.trim()).not.toBe('');
    expect(typeof e.unreliable).toBe('boolean');
    if (e.shape === 'path') expect(e.param).toBeUndefined();
  });

  it('gives all entries of one host the same service', () => {
    for (const e of CATALOGUE) expect((entriesForHost(e.host) ?? []).map((x) => x.service)).toEqual(expect.arrayContaining([e.service]));
    for (const h of PROXY_HOSTS) expect(new Set((entriesForHost(h) ?? []).map((x) => x.service)).size).toBe(1);
  });

  it('never lists mock.cors.sh (a CORS-less test API, not a proxy)', () => {
    expect(PROXY_HOSTS).not.toContain('mock.cors.sh');
  });
});

describe('every catalogue example is a known proxy with its target', () => {
  it.each(CATALOGUE.map((e) => [e.example, e] as const))('%s', (example, e) => {
    const got = detectProxy(input(example));
    expect(got).not.toBeNull();
    expect(got?.kind).toBe('known');
    expect(got?.service).toBe(e.service);
    expect(got?.target).toBe(EXPECTED[example]);
    expect(got?.risks[0]).toBe('third-party-sees-traffic');
    expect(got?.risks.includes('unreliable-service')).toBe(e.unreliable);
  });

  it('ignores the port and the case of the host', () => {
    expect(detectProxy(input('https://CORS-ANYWHERE.herokuapp.com:443/https://example.com/a'))).toMatchObject({ kind: 'known', target: 'https://example.com/a' });
    expect(detectProxy(input('https://corsproxy.io:8443/?url=https%3A%2F%2Fx.example%2F'))).toMatchObject({ kind: 'known', target: 'https://x.example/' });
  });

  it('is known without a target on the service pages', () => {
    for (const url of ['https://cors-anywhere.herokuapp.com/', 'https://cors-anywhere.herokuapp.com/corsdemo', 'https://api.allorigins.win/get', 'https://corsproxy.io/']) {
      expect(detectProxy(input(url, { type: 'main_frame' }))).toMatchObject({ kind: 'known', target: null });
    }
  });

  it('reads forms the entry does not document', () => {
    // cors.sh documents the path form; code also uses `cors.sh/?<encoded url>`, and its header.
    expect(detectProxy(input('https://cors.sh/?https%3A%2F%2Fapi.example.net%2Fv1'))?.target).toBe('https://api.example.net/v1');
    expect(detectProxy(input('https://proxy.cors.sh/', { headers: { 'x-strict-request-url': 'https://api.example.net/x' } }))?.target).toBe('https://api.example.net/x');
    // cors-anywhere: scheme optional, `:443` means https, a collapsed `//`, the query goes with the target.
    expect(detectProxy(input('https://cors-anywhere.herokuapp.com/example.net/a?b=1'))?.target).toBe('http://example.net/a?b=1');
    expect(detectProxy(input('https://cors-anywhere.herokuapp.com/example.net:443/a'))?.target).toBe('https://example.net/a');
    expect(detectProxy(input('https://cors-anywhere.herokuapp.com/https:/example.net/a'))?.target).toBe('https://example.net/a');
    expect(detectProxy(input('https://cors-anywhere.herokuapp.com/https%3A%2F%2Fexample.net%2Fa%3Fb%3D1'))?.target).toBe('https://example.net/a?b=1');
    // AllOrigins with an unencoded target; codetabs with its trailing slash.
    expect(detectProxy(input('https://api.allorigins.win/raw?url=https://example.net/feed.xml'))?.target).toBe('https://example.net/feed.xml');
    expect(detectProxy(input('https://api.codetabs.com/v1/proxy/?quest=https://example.net/'))?.target).toBe('https://example.net/');
  });
});

describe('light capture mode host list (hosts.ts)', () => {
  it('lists every catalogue host once, each a valid match-pattern host', () => {
    expect(PROXY_HOSTS).toEqual([...new Set(CATALOGUE.map((e) => e.host))].sort());
    for (const h of PROXY_HOSTS) expect(h).toMatch(MATCH_PATTERN_HOST);
    expect(PROXY_HOSTS.length).toBeLessThan(100);
  });

  it('has one pattern per host', () => {
    const patterns = proxyUrlPatterns();
    expect(patterns).toHaveLength(PROXY_HOSTS.length);
    expect(new Set(patterns).size).toBe(patterns.length);
    for (const [i, h] of PROXY_HOSTS.entries()) expect(patterns[i]).toBe(`*://${h}/*`);
  });
});
