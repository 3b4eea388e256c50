/**
 * Is this request going through a CORS proxy? (issue #5). `detectProxy` runs for every
 * cross-origin request the extension logs, so it is pure, bounded and cheap:
 *
 * 1. A catalogue host (exact host name, port ignored) is `known`, whatever the URL looks like;
 *    the target is read in the entry's shape, else found generically, else null.
 * 2. Any other host is `suspected` only when research §2.3's score reaches SCORING.threshold:
 *    a candidate target (§2.1 shapes S1–S7) that is a real hop to another site, plus boosts,
 *    minus §3's look-alikes. Most URLs carry no embedded URL, no proxy-ish host name and no
 *    proxy header: they leave after a few `indexOf`s, before any URL parsing.
 *
 * Never throws (any input, any URL): everything runs under one try/catch as a last resort.
 * (Over 300 lines: the scoring reads best beside its early exits and fingerprints; candidate
 * extraction, sites, exclusions and risks already live in their own files.)
 */
import { get, has } from '../http/headers.js';
import { mimeEssence } from '../http/mime.js';
import { parseUrl } from '../http/origin.js';
import { entriesForHost } from './catalogue.js';
import type { CatalogueEntry } from './catalogue.js';
import { isCredentialHeader, isCredentialParam } from './credentials.js';
import { hasDataSegment, isDestinationParam, isExcludedSite, isNavigationType, isNeverType } from './exclusions.js';
import { isPrivateHost } from './private-address.js';
import { hostOfOrigin, onFreeAppPlatform, siteOf } from './site.js';
import { MAX_URL, entryTarget, paramTarget, splitQuery, splitUrl, urlCandidates } from './target.js';
import type { Candidate, Shape, Split } from './target.js';
import type { ProxyInfo, ProxyInput, ProxyRisk } from './types.js';

/**
 * The heuristic's numbers, all here. A candidate's score is its shape's base, plus the boosts that
 * apply; `suspected` needs `threshold`. Calibration:
 * - an absolute URL right after the host (`/https://…`, S1) or as the raw query (`?https://…`,
 *   S5) or in cors.sh's `x-strict-request-url` header (S7) is a proxy on its own (4): look-alikes
 *   with those shapes (archives, Translate) are excluded by site;
 * - after a prefix segment (S2, 3) or as `/https/host/` (S4, 3) it needs one boost, e.g. a proxy-ish
 *   prefix (`/proxy/`, `/fetch/`, `/api/cors/`);
 * - in a query parameter (S6) it needs a proxy-ish name (`url`, `quest`, `href`, `target`, `uri`,
 *   `get`, `u`: 1 + 2) and one more boost (free app platform, proxy-ish host, `proxy`/`cors` in the
 *   path, a non-GET method), since `?url=` is also oEmbed, link previews and metadata APIs; those
 *   answer `Access-Control-Allow-Origin: *` too, so permissive CORS does not count for S6;
 * - a schemeless host as the first segment (S3, 1) counts only with a proxy-ish host name and a
 *   free app platform, or a fingerprint;
 * - fingerprints (cors-anywhere's `X-Request-URL`/`X-Final-URL`/`X-CORS-Redirect-1`, cors.sh's key
 *   headers, cloudflare-cors-anywhere's `x-cors-headers`/`cors-received-headers`) reach the
 *   threshold alone, with the target null when none is found.
 */
export const SCORING = {
  threshold: 4,
  base: {
    'path-url': 4,
    'prefixed-path-url': 3,
    'scheme-segment': 3,
    'schemeless-host': 1,
    'raw-query': 4,
    param: 1,
    header: 4,
  } satisfies Record<Shape, number>,
  /** S6 parameter named like a proxy's (research §2.1 S6, §2.3 step 3). */
  proxyParam: 2,
  /** Host name with `cors`, `proxy`, `origin(s)`, `crossorigin` or `bypass` in it. */
  hostToken: 2,
  /** Host on a free app platform (site.ts FREE_APP_PLATFORMS). */
  platform: 1,
  /** S2/S4 prefix with a proxy-ish segment. */
  proxyPrefix: 1,
  /** Any header or query fingerprint of a proxy family (research §2.2). */
  fingerprint: 4,
  /** `Access-Control-Allow-Origin: *` or the page's origin reflected, with a target in the path. */
  permissive: 1,
  /** Non-GET/HEAD method with an embedded target (pixels and image endpoints are GET-only). */
  nonGet: 1,
} as const;

const PROXY_PARAMS = new Set<string>(['url', 'quest', 'href', 'target', 'uri', 'get', 'u']);
const HOST_TOKENS = ['cors', 'proxy', 'origin', 'bypass'] as const;
/** Proxy-ish path prefixes: S2/S4 segments (research §2.1 S2), and for S6 only `proxy`/`cors` (`/api/cors?url=`). */
const PREFIX_TOKENS = /(?:^|\/)(?:fetch|serve|file|pipe|raw|get|url=)(?:\/|$)|proxy|cors/i;
const PARAM_PATH_TOKENS = /proxy|cors/i;

/** Request headers that identify a proxy family (research §2.2), lower-case. */
const REQUEST_FINGERPRINTS = new Set<string>(['x-cors-api-key', 'x-cors-grida-api-key', 'cors-api-key', 'x-strict-request-url', 'x-cors-headers']);
/** Response headers that identify a proxy family: cors-anywhere (lib/help.txt), cloudflare-cors-anywhere (README). */
const RESPONSE_FINGERPRINTS = new Set<string>(['x-request-url', 'x-final-url', 'x-cors-redirect-1', 'cors-received-headers']);
/** Request headers that carry the target (S7): cors.sh's, and a URL-encoded `url` (arisutalk backend-cors). */
const TARGET_HEADERS = ['x-strict-request-url', 'url'] as const;

const EXECUTABLE_TYPES = new Set<string>(['script', 'sub_frame', 'main_frame', 'object', 'xslt']);
const JSONP_PARAMS = new Set<string>(['callback', 'jsonp', 'cb']);

/** ProxyRisk in declaration order (types.ts): the order risks are reported in. */
const RISK_ORDER: readonly ProxyRisk[] = [
  'third-party-sees-traffic', 'sends-credentials', 'sets-cookies', 'allows-credentials', 'executable-content', 'private-target', 'unreliable-service',
];

const PARSE = 1;
const NOT_HTTP = 2;

/**
 * The lower-case host of a canonical `http(s)://host[:port]/…` URL and where its path starts,
 * without the URL parser; PARSE when the authority is anything unusual (userinfo, escapes, IPv6,
 * upper case, non-ASCII, other schemes), for the real parser to decide.
 */
function quickHost(url: string): { host: string; end: number } | typeof PARSE | typeof NOT_HTTP {
  let i: number;
  if (url.startsWith('https://')) i = 8;
  else if (url.startsWith('http://')) i = 7;
  else {
    // ws:, data:, blob:, chrome-extension: … are never proxied fetches; leading blanks, `HTTP:` or
    // `https:\\` go to the parser, which accepts them.
    const c = url.charCodeAt(0) | 0x20;
    return c === 0x68 /* h */ || url.charCodeAt(0) <= 0x20 ? PARSE : NOT_HTTP;
  }
  let end = i;
  let colon = -1;
  for (; end < url.length; end++) {
    const c = url.charCodeAt(end);
    if (c === 0x2f || c === 0x3f || c === 0x23 || c === 0x5c) break; // / ? # \
    if (c === 0x3a) colon = end;
    else if (c === 0x40 || c === 0x25 || c === 0x5b || c <= 0x20 || c >= 0x7f || (c >= 0x41 && c <= 0x5a)) return PARSE; // @ % [ controls non-ASCII A-Z
  }
  let host = url.slice(i, colon === -1 ? end : colon);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host === '' ? PARSE : { host, end };
}

function hasHostToken(host: string): boolean {
  for (const t of HOST_TOKENS) if (host.indexOf(t) !== -1) return true;
  return false;
}

/**
 * Whether a header names a proxy family, or (`url`) may carry the target: a scan, since lists are
 * short and the early exit must not build an index. `withTargetHeader` adds the bare `url` header.
 */
function scanHeaders(input: ProxyInput, withTargetHeader: boolean): boolean {
  for (const [n] of input.requestHeaders) {
    // Every name looked for starts with x, c or u: most headers leave on their first letter.
    const first = n.charCodeAt(0) | 0x20;
    if ((first !== 0x78 && first !== 0x63 && first !== 0x75) || n.length < 3 || n.length > 20) continue;
    const lower = n.toLowerCase();
    if (REQUEST_FINGERPRINTS.has(lower) || (withTargetHeader && lower === 'url')) return true;
  }
  const r = input.response;
  if (r) {
    for (const [n] of r.headers) {
      const first = n.charCodeAt(0) | 0x20;
      if ((first === 0x78 || first === 0x63) && n.length >= 11 && n.length <= 21 && RESPONSE_FINGERPRINTS.has(n.toLowerCase())) return true;
    }
  }
  return false;
}

/** The cheap early exit: could anything in this request make it a suspected proxy? */
function mayBeSuspected(url: string, end: number, host: string, input: ProxyInput): boolean {
  if (
    url.indexOf('http', end) !== -1 ||
    url.indexOf('HTTP', end) !== -1 ||
    url.indexOf('//', end) !== -1 ||
    url.indexOf('%3A', end) !== -1 ||
    url.indexOf('%3a', end) !== -1 ||
    url.indexOf('%2F%2F', end) !== -1 ||
    url.indexOf('%2f%2f', end) !== -1
  ) return true;
  // S3 (`/github.com/…`) has no scheme to find: only proxy-ish host names go on.
  if (hasHostToken(host) && url.indexOf('.', end) !== -1) return true;
  return scanHeaders(input, true);
}

function isHttp(u: URL): boolean {
  return u.protocol === 'https:' || u.protocol === 'http:';
}

function hostnameOf(u: URL): string {
  const h = u.hostname;
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

function headerTargets(input: ProxyInput, scheme: string): Candidate[] {
  const out: Candidate[] = [];
  for (const name of TARGET_HEADERS) {
    const v = get(input.requestHeaders, name);
    const t = v === null ? null : paramTarget(v.slice(0, MAX_URL), scheme, null);
    if (t) out.push({ shape: 'header', target: t, prefix: '/' });
  }
  // cors-anywhere reports the requested URL in X-Request-URL (lib/help.txt).
  const r = input.response;
  const v = r ? get(r.headers, 'x-request-url') : null;
  const t = v === null ? null : paramTarget(v.slice(0, MAX_URL), scheme, null);
  if (t) out.push({ shape: 'header', target: t, prefix: '/' });
  return out;
}

function hasFingerprint(input: ProxyInput, s: Split): boolean {
  if (scanHeaders(input, false)) return true;
  for (const p of paramsOf(s.query)) if (p.name.toLowerCase() === 'cors_api_key') return true; // cors.sh (SPEC.md)
  return false;
}

function isPermissive(input: ProxyInput): boolean {
  const r = input.response;
  if (!r) return false;
  const acao = get(r.headers, 'access-control-allow-origin');
  return acao === '*' || (acao !== null && input.initiator !== null && input.initiator !== 'null' && acao === input.initiator);
}

function suspected(input: ProxyInput, u: URL, host: string): ProxyInfo | null {
  const type = input.type;
  if (isNeverType(type)) return null;
  const site = siteOf(host);
  if (isExcludedSite(host, site)) return null;
  const pageHost = hostOfOrigin(input.initiator);
  const pageSite = pageHost === null ? null : siteOf(pageHost);
  // The page's own site: a first-party `/api/proxy?url=` route, not a public proxy (research §3).
  if (pageSite !== null && pageSite === site) return null;
  const s = splitUrl(u);
  const fingerprint = hasFingerprint(input, s);
  if (!fingerprint) {
    if (isNavigationType(type)) return null;
    const r = input.response;
    if (r) {
      // Redirectors and click trackers answer 3xx without CORS; image services answer images.
      if (r.status >= 300 && r.status < 400 && !has(r.headers, 'access-control-allow-origin')) return null;
      const ct = get(r.headers, 'content-type');
      if (ct !== null && mimeEssence(ct)?.startsWith('image/')) return null;
    }
  }
  const candidates = [...urlCandidates(s), ...headerTargets(input, s.scheme)];
  let shared = 0;
  if (hasHostToken(host)) shared += SCORING.hostToken;
  if (onFreeAppPlatform(host)) shared += SCORING.platform;
  if (fingerprint) shared += SCORING.fingerprint;
  const permissive = isPermissive(input) ? SCORING.permissive : 0;
  const method = typeof input.method === 'string' ? input.method.toUpperCase() : 'GET';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') shared += SCORING.nonGet;
  const page = input.initiator;
  const referer = get(input.requestHeaders, 'referer');
  let best: URL | null = null;
  let bestScore = -Infinity;
  for (const c of candidates) {
    const t = c.target;
    const targetHost = hostnameOf(t);
    // A real cross-site hop (research §2.3 step 2): another site than the proxy's (a service
    // naming its own pages passes data), and not the page itself (analytics report its URL).
    const targetSite = siteOf(targetHost);
    if (targetSite === site || t.origin === page || (referer !== null && t.href === referer)) continue;
    // The page's site as data in a query (OAuth returning to the app, a pixel naming the page);
    // a path-embedded URL to it is still a hop through a third party.
    if ((c.shape === 'param' || c.shape === 'raw-query' || c.shape === 'schemeless-host') && targetSite === pageSite) continue;
    if (c.param !== undefined && isDestinationParam(c.param)) continue;
    if (!fingerprint && hasDataSegment(c.prefix)) continue;
    let score = SCORING.base[c.shape] + shared;
    if (c.shape === 'param') {
      if (PROXY_PARAMS.has((c.param as string).toLowerCase())) score += SCORING.proxyParam;
      if (PARAM_PATH_TOKENS.test(c.prefix)) score += SCORING.proxyPrefix;
    } else {
      score += permissive;
      if ((c.shape === 'prefixed-path-url' || c.shape === 'scheme-segment') && PREFIX_TOKENS.test(c.prefix)) score += SCORING.proxyPrefix;
    }
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  if (best !== null && bestScore >= SCORING.threshold) return info('suspected', null, best, input, u, s, false);
  if (fingerprint) return info('suspected', null, null, input, u, s, false);
  return null;
}

function known(entries: readonly CatalogueEntry[], input: ProxyInput, u: URL, host: string): ProxyInfo {
  const s = splitUrl(u);
  let target: URL | null = null;
  for (const e of entries) {
    target = entryTarget(e, s);
    if (target) break;
  }
  if (!target) {
    // Not in the documented shape (old or undocumented forms, cors.sh's header): any embedded URL.
    for (const c of [...urlCandidates(s), ...headerTargets(input, s.scheme)]) {
      if (hostnameOf(c.target) !== host) {
        target = c.target;
        break;
      }
    }
  }
  const first = entries[0] as CatalogueEntry;
  return info('known', first.service, target, input, u, s, entries.some((e) => e.unreliable));
}

function paramsOf(query: string): { name: string; value: string }[] {
  return query === '' ? [] : splitQuery(query);
}

function sendsCredentials(input: ProxyInput, u: URL, s: Split, target: URL | null): boolean {
  for (const [n, v] of input.requestHeaders) if (v.trim() !== '' && isCredentialHeader(n)) return true;
  if (u.username !== '' || u.password !== '') return true;
  for (const p of paramsOf(s.query)) if (p.value !== '' && isCredentialParam(p.name)) return true;
  if (target) {
    if (target.username !== '' || target.password !== '') return true;
    for (const p of paramsOf(target.search.slice(1, MAX_URL))) if (p.value !== '' && isCredentialParam(p.name)) return true;
  }
  return false;
}

function isExecutableType(essence: string): boolean {
  return (
    essence.includes('javascript') ||
    essence.includes('ecmascript') ||
    essence.includes('jscript') ||
    essence === 'text/html' ||
    essence === 'application/xhtml+xml' ||
    essence === 'image/svg+xml'
  );
}

function executable(input: ProxyInput, s: Split): boolean {
  if (input.type !== null && EXECUTABLE_TYPES.has(input.type)) return true;
  const r = input.response;
  const ct = r ? get(r.headers, 'content-type') : null;
  const essence = ct === null ? null : mimeEssence(ct);
  if (essence !== null && isExecutableType(essence)) return true;
  for (const p of paramsOf(s.query)) if (p.value !== '' && JSONP_PARAMS.has(p.name.toLowerCase())) return true;
  return false;
}

function info(kind: ProxyInfo['kind'], service: string | null, target: URL | null, input: ProxyInput, u: URL, s: Split, unreliable: boolean): ProxyInfo {
  const r = input.response;
  const flags: Record<ProxyRisk, boolean> = {
    'third-party-sees-traffic': true,
    'sends-credentials': sendsCredentials(input, u, s, target),
    'sets-cookies': r !== null && has(r.headers, 'set-cookie'),
    // Fetch's CORS check compares the value to `true` byte for byte (case-sensitive): `True` does
    // not let credentialed responses through, so it is no risk either.
    'allows-credentials': r !== null && get(r.headers, 'access-control-allow-credentials') === 'true',
    'executable-content': executable(input, s),
    'private-target': target !== null && isPrivateHost(target.hostname),
    'unreliable-service': unreliable,
  };
  return { kind, service, target: target ? target.href : null, risks: RISK_ORDER.filter((k) => flags[k]) };
}

/**
 * detectProxy without its last-resort catch: for tests, so property tests see a real exception
 * instead of a silent null. Well-typed input never makes it throw.
 */
export function detectProxyUnguarded(input: ProxyInput): ProxyInfo | null {
  const raw = input.url;
  if (typeof raw !== 'string') return null;
  const url = raw.length > MAX_URL ? raw.slice(0, MAX_URL) : raw;
  const quick = quickHost(url);
  if (quick === NOT_HTTP) return null;
  let entries = quick === PARSE ? undefined : entriesForHost(quick.host);
  if (entries === undefined && quick !== PARSE && !mayBeSuspected(url, quick.end, quick.host, input)) return null;
  const u = parseUrl(url);
  if (!u || !isHttp(u)) return null;
  const host = hostnameOf(u);
  entries ??= entriesForHost(host);
  if (entries !== undefined) return known(entries, input, u, host);
  return suspected(input, u, host);
}

/** Whether a request goes through a CORS proxy, which, to where, and what that risks. Never throws. */
export function detectProxy(input: ProxyInput): ProxyInfo | null {
  try {
    return detectProxyUnguarded(input);
  } catch {
    return null;
  }
}
