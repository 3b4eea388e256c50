/** Research §3: URLs that carry a URL as data, not through a CORS proxy. None may be flagged. */
import { describe, expect, it } from 'vitest';
import { detectProxy } from '../../src/proxy/detect.js';
import { input, PAGE } from './support.js';
import type { InputSpec } from './support.js';

const ACAO = { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' };

const CASES: [label: string, url: string, spec: InputSpec][] = [
  // OAuth / OIDC / SSO: destinations for a navigation
  ['OAuth authorize (navigation)', 'https://auth.idp.example.net/authorize?client_id=1&redirect_uri=https%3A%2F%2Fapp.example.org%2Fcallback&response_type=code', { type: 'main_frame' }],
  ['OAuth authorize (fetch)', 'https://auth.idp.example.net/authorize?client_id=1&redirect_uri=https%3A%2F%2Fother.example.com%2Fcb&response_type=code', { response: ACAO }],
  ['GitHub OAuth in a frame', 'https://github.com/login/oauth/authorize?client_id=x&redirect_uri=https://blog.example.net/cb', { type: 'sub_frame' }],
  ['OIDC logout', 'https://id.example.net/logout?post_logout_redirect_uri=https%3A%2F%2Fother.example.com%2F', { response: ACAO }],
  ['CAS login service=', 'https://sso.example.net/cas/login?service=https%3A%2F%2Fportal.example.com%2F', { type: 'main_frame' }],
  ['return_to', 'https://shop.example.net/account/session?return_to=https://store.example.com/cart', { response: ACAO }],
  ['continue and next', 'https://accounts.example.net/check?continue=https://mail.example.com/&next=https://x.example.com', { response: ACAO }],
  ['SAML RelayState', 'https://saml.example.net/acs?RelayState=https%3A%2F%2Fapp.example.com%2F', { method: 'POST', response: ACAO }],
  ['returnUrl', 'https://pay.example.net/checkout?returnUrl=https%3A%2F%2Fshop.example.com%2Fdone', { method: 'POST', response: ACAO }],
  // Analytics and beacons
  ['GA4 collect (ping)', 'https://www.google-analytics.com/g/collect?v=2&tid=G-X&dl=https%3A%2F%2Fapp.example.org%2Fpage&dr=https%3A%2F%2Fwww.google.com%2F', { type: 'ping' }],
  ['GA4 collect (fetch)', 'https://region1.google-analytics.com/g/collect?v=2&dl=https%3A%2F%2Fapp.example.org%2F', { method: 'POST', response: ACAO }],
  ['self-hosted analytics naming the page', 'https://stats.analytics.example.net/api/hit?url=https%3A%2F%2Fapp.example.org%2Fpricing&ref=https%3A%2F%2Fnews.example.com%2F', { method: 'POST', response: ACAO }],
  ['tracking pixel', 'https://px.tracker.example.net/p.gif?u=https%3A%2F%2Fshop.example.com%2F', { type: 'image' }],
  ['Matomo ping', 'https://matomo.example.net/matomo.php?idsite=1&url=https%3A%2F%2Fdocs.example.com%2F&urlref=https%3A%2F%2Fsearch.example.com%2F', { type: 'ping' }],
  ['sendBeacon', 'https://beacon.example.net/b?url=https://docs.example.com/', { type: 'beacon', method: 'POST' }],
  ['the referrer as a url', 'https://counter.example.net/hit?url=https%3A%2F%2Fdocs.example.com%2Fguide', { initiator: null, headers: { Referer: 'https://docs.example.com/guide' }, response: ACAO }],
  // Image CDNs and resizers
  ['wsrv.nl (image)', 'https://wsrv.nl/?url=https://cdn.example.com/photo.jpg&w=300', { type: 'image' }],
  ['wsrv.nl (fetch)', 'https://wsrv.nl/?url=https://cdn.example.com/photo.jpg', { response: { 'Content-Type': 'image/webp', 'Access-Control-Allow-Origin': '*' } }],
  ['images.weserv.nl', 'https://images.weserv.nl/?url=https%3A%2F%2Fcdn.example.com%2Fa.png', { response: ACAO }],
  ['Next.js image on its own site', 'https://shop.example.com/_next/image?url=https%3A%2F%2Fimages.example.net%2Fa.jpg&w=640&q=75', { type: 'image', initiator: 'https://shop.example.com' }],
  ['Next.js image fetched cross-site', 'https://shop.example.com/_next/image?url=https%3A%2F%2Fimages.example.net%2Fa.jpg&w=640', { response: { 'Content-Type': 'image/jpeg', 'Access-Control-Allow-Origin': '*' } }],
  ['Cloudinary fetch', 'https://res.cloudinary.com/demo/image/fetch/https://upload.wikimedia.org/a.jpg', { response: ACAO }],
  ['unknown resizer answering an image', 'https://img.resizer.example.net/resize/https://cdn.example.com/a.png', { response: { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' } }],
  // Web archives
  ['Wayback Machine', 'https://web.archive.org/web/2019/https://anyorigin.com/', { response: ACAO }],
  ['archive.ph', 'https://archive.ph/https://example.com/news', { response: ACAO }],
  ['archive.today', 'https://archive.today/2020.01.01/https://example.com/', {}],
  // Translation proxies
  ['*.translate.goog', 'https://example-com.translate.goog/page?_x_tr_sl=auto&_x_tr_tl=en&u=https://example.com/', { type: 'main_frame' }],
  ['translate.google.com', 'https://translate.google.com/translate?sl=auto&tl=en&u=https://example.com/', { response: ACAO }],
  ['translate.googleusercontent.com', 'https://translate.googleusercontent.com/translate_c?u=https://example.com/', { response: ACAO }],
  // Link shorteners, redirectors, click trackers
  ['l.facebook.com', 'https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2F&h=AT0', { type: 'main_frame' }],
  ['google.com/url', 'https://www.google.com/url?q=https://example.com/&sa=D', { type: 'main_frame' }],
  ['google.co.uk/url', 'https://www.google.co.uk/url?q=https://example.com/', { response: ACAO }],
  ['e-mail click tracker (302)', 'https://click.mailer.example.net/ls/go?upn=x&url=https%3A%2F%2Fshop.example.com%2Fsale', { status: 302, response: { Location: 'https://shop.example.com/sale' } }],
  ['redirector on a proxy-ish host (302)', 'https://out.proxy-links.example.net/?https://example.com/', { status: 301, response: { Location: 'https://example.com/' } }],
  // Share intents and oEmbed
  ['Facebook sharer', 'https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.com%2F', { type: 'sub_frame' }],
  ['Twitter intent', 'https://twitter.com/intent/tweet?url=https%3A%2F%2Fexample.com%2F&text=hi', { type: 'main_frame' }],
  ['X intent', 'https://x.com/intent/post?url=https://example.com/', { response: ACAO }],
  ['LinkedIn share', 'https://www.linkedin.com/sharing/share-offsite/?url=https://example.com', { type: 'main_frame' }],
  ['YouTube oEmbed', 'https://www.youtube.com/oembed?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3Dx&format=json', { response: ACAO }],
  ['noembed', 'https://noembed.com/embed?url=https://www.youtube.com/watch?v=x', { response: ACAO }],
  ['any oEmbed endpoint', 'https://publish.videos.example.net/oembed?url=https%3A%2F%2Fwww.clips.example.com%2Fv%2F1', { response: ACAO }],
  ['share endpoint', 'https://widgets.example.net/share?url=https%3A%2F%2Fblog.example.com%2Fpost', { response: ACAO, method: 'POST' }],
  ['a service naming its own pages', 'https://api.videos.example.net/v1/info?url=https%3A%2F%2Fwww.videos.example.net%2Fv%2F1', { response: ACAO }],
  // Validators, screenshot and favicon services
  ['W3C validator', 'https://validator.w3.org/nu/?doc=https%3A%2F%2Fexample.com%2F&out=json', { response: ACAO }],
  ['PageSpeed', 'https://www.googleapis.com/pagespeedonline/v5/runPagespeed?url=https%3A%2F%2Fexample.com', { response: ACAO }],
  ['Google favicons', 'https://www.google.com/s2/favicons?domain_url=https://example.com&sz=64', { type: 'image' }],
  ['microlink', 'https://api.microlink.io/?url=https://example.com&screenshot=true', { response: ACAO }],
  ['screenshot service', 'https://shots.example.net/screenshot?url=https%3A%2F%2Fexample.com', { response: ACAO }],
  ['favicon service', 'https://icons.example.net/favicon?url=https://example.com', { response: ACAO }],
  // Test fixtures
  ['mock.cors.sh', 'https://mock.cors.sh/no-cors', {}],
  ['mock.cors.sh with a URL', 'https://mock.cors.sh/?url=https://example.com/', { response: ACAO }],
  // Same-site backend proxies (the app's own server)
  ['/api/proxy on the page origin', 'https://app.example.org/api/proxy?url=https%3A%2F%2Fapi.thirdparty.com%2Fv1', { response: ACAO }],
  ['/cors on a sibling subdomain', 'https://api.example.org/cors?url=https://api.weather.example.com/', { response: ACAO }],
  ['path proxy on a ccTLD site', 'https://proxy.myapp.co.uk/proxy/https://api.example.com/', { initiator: 'https://www.myapp.co.uk' }],
  ['dev server proxy on localhost', 'http://localhost:3000/api/proxy?url=https://api.example.com', { initiator: 'http://localhost:3000' }],
  // Plain traffic
  ['plain API call', 'https://api.example.com/v1/users?id=5&sort=name', { response: ACAO }],
  ['GitHub contents', 'https://api.github.com/repos/a/b/contents/x.json?ref=main', { response: ACAO }],
  ['a script', 'https://cdn.example.com/lib.js', { type: 'script' }],
  ['comments embed naming the page', 'https://comments.example.net/embed/comments/?base=default&t_u=https%3A%2F%2Fapp.example.org%2Fpost', { type: 'sub_frame' }],
  ['search for a URL', 'https://search.example.net/search?q=https%3A%2F%2Fexample.com', { response: ACAO }],
  ['a url param without any boost', 'https://api.example.net/v1/preview?url=https://news.target.com/a', { response: { 'Content-Type': 'application/json' } }],
  ['link preview API answering ACAO *', 'https://api.example.com/v1/preview?url=https%3A%2F%2Fnews.example.net%2Fa', { response: ACAO }],
  ['metadata API with a reflected origin', 'https://meta.example.com/get?url=https://news.example.net/a', { response: { 'Access-Control-Allow-Origin': PAGE } }],
  ['a schemeless segment without boosts', 'https://api.example.net/github.com/user/repo', { response: ACAO }],
  ['a URL in an unrelated param', 'https://api.example.net/v1/items?link=https://api.target.com/', { response: ACAO }],
  ['a file name as first segment', 'https://static.cors-cdn.example.net/index.html', { response: ACAO }],
];

describe('false positives (research §3) are not flagged', () => {
  it('has a table of at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));
  it.each(CASES)('%s', (_label, url, spec) => {
    expect(detectProxy(input(url, spec))).toBeNull();
  });
  it('uses the page origin of the fixtures', () => expect(PAGE).toBe('https://app.example.org'));
});

/** Each exclusion is what keeps its look-alike out: the same request minus that one trait is flagged. */
const PAIRS: [label: string, excluded: [string, InputSpec], control: [string, InputSpec]][] = [
  ['destination parameter', ['https://cors-app.vercel.app/api?redirect_uri=https%3A%2F%2Fapi.y.com%2F', {}], ['https://cors-app.vercel.app/api?link=https%3A%2F%2Fapi.y.com%2F', {}]],
  ['the page itself as a parameter', ['https://cors-app.vercel.app/api?url=https%3A%2F%2Fapp.example.org%2Fpage', {}], ['https://cors-app.vercel.app/api?url=https%3A%2F%2Fnews.example.com%2Fpage', {}]],
  ["the page's site as a parameter", ['https://cors-app.vercel.app/api?url=https%3A%2F%2Fapi.example.org%2F', {}], ['https://cors-app.vercel.app/api?url=https%3A%2F%2Fapi.example.com%2F', {}]],
  ['the referrer as a parameter', ['https://cors-app.vercel.app/api?url=https%3A%2F%2Fdocs.example.com%2Fa', { initiator: null, headers: { Referer: 'https://docs.example.com/a' } }], ['https://cors-app.vercel.app/api?url=https%3A%2F%2Fdocs.example.com%2Fa', { initiator: null }]],
  ['image request type', ['https://my-cors.herokuapp.com/https://api.x.com/a.png', { type: 'image' }], ['https://my-cors.herokuapp.com/https://api.x.com/a.png', {}]],
  ['image response', ['https://my-cors.herokuapp.com/https://api.x.com/a.png', { response: { 'Content-Type': 'image/png' } }], ['https://my-cors.herokuapp.com/https://api.x.com/a.png', { response: { 'Content-Type': 'application/octet-stream' } }]],
  ['redirect without CORS', ['https://my-cors.herokuapp.com/https://api.x.com/', { status: 302, response: { Location: 'https://api.x.com/' } }], ['https://my-cors.herokuapp.com/https://api.x.com/', { status: 302, response: { Location: 'https://api.x.com/', 'Access-Control-Allow-Origin': '*' } }]],
  ['navigation', ['https://my-cors.herokuapp.com/https://api.x.com/', { type: 'main_frame' }], ['https://my-cors.herokuapp.com/https://api.x.com/', { type: 'xmlhttprequest' }]],
  ['excluded site', ['https://archive.ph/https://example.com/news', {}], ['https://archive.example.net/https://example.com/news', {}]],
  ['data endpoint segment', ['https://cors-app.vercel.app/oembed/https://example.com/x', {}], ['https://cors-app.vercel.app/fetch/https://example.com/x', {}]],
  ['same-site first party', ['https://api.example.org/https://x.example.com/', {}], ['https://api.example.org/https://x.example.com/', { initiator: 'https://other.example.com' }]],
  ["target on the proxy's own site", ['https://relay.example.net/https://static.example.net/x', {}], ['https://relay.example.net/https://static.example.com/x', {}]],
  ['mock.cors.sh', ['https://mock.cors.sh/https://example.com/', {}], ['https://mock.cors-test.example.net/https://example.com/', {}]],
];

describe('each exclusion is the reason', () => {
  it.each(PAIRS)('%s', (_label, [url, spec], [controlUrl, controlSpec]) => {
    expect(detectProxy(input(url, spec))).toBeNull();
    expect(detectProxy(input(controlUrl, controlSpec))?.kind).toBe('suspected');
  });
});
