/**
 * Look-alikes that are not CORS proxies (research §3): URLs carrying another URL as data, not as
 * something a third party fetches and relays. Only the heuristic path consults these; catalogue
 * hosts are recognised whatever they look like.
 */

/**
 * Sites whose URLs carry URLs as data: analytics and ad beacons (`dl=`, `dr=`), OAuth and share
 * endpoints, redirectors (`l.facebook.com/l.php?u=`, `www.google.<tld>/url?q=`), oEmbed and link preview
 * APIs, image CDNs and resizers (`wsrv.nl/?url=`, Cloudinary `image/fetch/`), web archives, Google
 * Translate's proxy (`*.translate.goog`), validators, screenshot and favicon services.
 */
const EXCLUDED_SITES = new Set<string>([
  // analytics, ads, tag managers, session replay
  'google-analytics.com', 'googletagmanager.com', 'doubleclick.net', 'googlesyndication.com', 'googleadservices.com',
  'facebook.net', 'bing.com', 'clarity.ms', 'hotjar.com', 'hotjar.io', 'segment.io', 'segment.com', 'mixpanel.com',
  'plausible.io', 'sentry.io', 'newrelic.com', 'nr-data.net', 'amplitude.com', 'heap.io', 'heapanalytics.com',
  'fullstory.com', 'quantserve.com', 'scorecardresearch.com', 'adnxs.com', 'criteo.com', 'taboola.com', 'outbrain.com',
  'yandex.ru', 'mc.yandex.ru', 'matomo.cloud', 'cloudflareinsights.com',
  // social: share intents, redirectors, oEmbed
  'facebook.com', 'twitter.com', 'x.com', 't.co', 'linkedin.com', 'pinterest.com', 'reddit.com', 'tumblr.com',
  'youtube.com', 'vimeo.com', 'instagram.com', 'whatsapp.com', 'telegram.me', 't.me',
  'noembed.com', 'iframe.ly', 'embedly.com', 'embed.ly', 'microlink.io', 'linkpreview.net', 'opengraph.io',
  // image CDNs and resizers
  'wsrv.nl', 'weserv.nl', 'cloudinary.com', 'imgix.net', 'imagekit.io',
  // web archives, translation proxies, validators
  'archive.org', 'archive.ph', 'archive.today', 'archive.is', 'archive.li', 'archive.md', 'archive.vn',
  'translate.goog', 'googleusercontent.com', 'googleapis.com', 'w3.org', 'validator.nu',
]);

/** `google.com`, `google.co.uk`, `google.de` …: search redirects, favicons, Translate, PageSpeed. */
function isGoogleSite(site: string): boolean {
  return site.startsWith('google.');
}

/** Exact hosts: cors.sh's deliberately CORS-less test API (research §1.5) is not a proxy. */
const EXCLUDED_HOSTS = new Set<string>(['mock.cors.sh']);

export function isExcludedSite(host: string, site: string): boolean {
  return EXCLUDED_HOSTS.has(host) || EXCLUDED_SITES.has(site) || isGoogleSite(site) || host.startsWith('translate.google.');
}

/**
 * webRequest types whose URLs are never a page reading a proxied response: images (resizers,
 * pixels), pings and beacons (analytics), CSP reports. Navigations (`main_frame`, `sub_frame`)
 * are OAuth redirects, link shorteners and share pages; they count only with a fingerprint.
 */
const NEVER_TYPES = new Set<string>(['image', 'imageset', 'ping', 'beacon', 'csp_report']);
const NAVIGATION_TYPES = new Set<string>(['main_frame', 'sub_frame']);

export function isNeverType(type: string | null): boolean {
  return type !== null && NEVER_TYPES.has(type);
}

export function isNavigationType(type: string | null): boolean {
  return type !== null && NAVIGATION_TYPES.has(type);
}

/**
 * Query parameters that carry a destination or the page's own URL: OAuth/OIDC and SSO redirects
 * (`redirect_uri`, `*_redirect_uri`, `return_to`, `returnUrl`, `continue`, `next`, SAML
 * `RelayState`, CAS `service`), JSONP `callback`, analytics (`dl`, `dr`, `ref`, `urlref`).
 */
const DESTINATION_PARAMS = new Set<string>([
  'continue', 'next', 'state', 'dl', 'dr', 'dref', 'ref', 'urlref', 'page', 'page_url', 'pageurl', 'location', 'service',
  'relaystate', 'goto', 'dest', 'destination', 'success_url', 'cancel_url', 'origin', 'canonical', 'og_url', 'back',
  'from', 'source_url', 'landing', 'r',
]);

export function isDestinationParam(name: string): boolean {
  const n = name.toLowerCase();
  return DESTINATION_PARAMS.has(n) || n.includes('redirect') || n.includes('return') || n.includes('callback') || n.includes('referr') || n.includes('referer') || n.includes('logout');
}

/**
 * Path segments (before the embedded URL) of endpoints that take a URL as data: oEmbed, share,
 * intents, favicon and screenshot services, image resizers (`/_next/image`, Cloudinary
 * `/image/fetch/`), OAuth and login flows, trackers and redirectors.
 */
const DATA_SEGMENTS = new Set<string>([
  'oembed', 'embed', 'sharer', 'sharer.php', 'share', 'intent', 'favicon', 'favicons', 'screenshot', 'thumbnail',
  'image', 'images', '_next', 'authorize', 'oauth', 'oauth2', 'login', 'logout', 'signin', 'sso', 'collect', 'pixel',
  'beacon', 'track', 'redirect', 'l.php', 'click',
]);

/** Whether a path prefix has a segment naming a URL-as-data endpoint. */
export function hasDataSegment(prefix: string): boolean {
  let start = 1;
  while (start < prefix.length) {
    let end = prefix.indexOf('/', start);
    if (end === -1) end = prefix.length;
    if (end > start && DATA_SEGMENTS.has(prefix.slice(start, end).toLowerCase())) return true;
    start = end + 1;
  }
  return false;
}
