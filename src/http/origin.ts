/** Origins and URLs, via the WHATWG URL parser (the one browsers use). Never throws. */

export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Serialized origin of a URL (`null` for opaque origins and unparsable input). */
export function originOf(url: string): string {
  const u = parseUrl(url);
  if (!u) return 'null';
  return u.origin;
}

export function sameOrigin(a: string, b: string): boolean {
  const oa = originOf(a);
  return oa !== 'null' && oa === originOf(b);
}

/** A Location (possibly relative) resolved against the URL it came from; as given when unparsable. */
export function resolveUrl(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

/** Fetch "includes credentials": a username or a password in the URL (`user:@`, `:pass@` count; a bare `@` doesn't). */
export function urlHasCredentials(url: string): boolean {
  const u = parseUrl(url);
  return u !== null && (u.username !== '' || u.password !== '');
}

export function stripCredentials(url: string): string {
  const u = parseUrl(url);
  if (!u) return url;
  u.username = '';
  u.password = '';
  return u.href;
}

/**
 * Whether an Access-Control-Allow-Origin value parses as a URL at all. Chromium
 * (services/network/public/cpp/cors/cors.cc) tells `InvalidAllowOriginValue` from
 * `AllowOriginMismatch` with GURL validity; the WHATWG parser agrees on the usual
 * shapes (`example.com` and `*.example.com` fail, `https://x/` parses).
 */
export function parsesAsUrl(value: string): boolean {
  return parseUrl(value) !== null;
}

/** A serialized origin the CLI accepts for --origin: `scheme://host[:port]` or `null`. */
export function normaliseOriginArg(input: string): string | null {
  if (input === 'null') return 'null';
  const u = parseUrl(input);
  if (!u || u.origin === 'null') return null;
  if (u.pathname !== '/' || u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') return null;
  return u.origin;
}

/** What the engine needs of a URL, from one parse. */
export interface UrlFacts {
  origin: string;
  http: boolean;
  credentials: boolean;
}

/**
 * Canonical http(s) URLs (what browsers and `new URL().href` produce) start with their origin:
 * lower-case ASCII host, no userinfo, no default port. Recognising that prefix skips the full
 * parser on the engine's hot path; anything unusual falls through to `new URL`.
 */
const CANONICAL = /^(https?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::([1-9]\d{0,4}))?(?=[/?#]|$)/;
const NUMERIC_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function fastFacts(url: string): UrlFacts | null {
  const m = CANONICAL.exec(url);
  if (!m) return null;
  const host = m[2] as string;
  const port = m[3];
  // A host whose last label is numeric is an IPv4 address to the URL parser: only take canonical ones.
  if (NUMERIC_LABEL.test(host) && !IPV4.test(host)) return null;
  if (host.startsWith('xn--') || host.includes('.xn--')) return null;
  if (port !== undefined && (Number(port) > 65535 || (m[1] === 'http' ? port === '80' : port === '443'))) return null;
  return { origin: m[0], http: true, credentials: false };
}

export function urlFacts(url: string): UrlFacts | null {
  const fast = fastFacts(url);
  if (fast) return fast;
  const u = parseUrl(url);
  if (!u) return null;
  return { origin: u.origin, http: u.protocol === 'http:' || u.protocol === 'https:', credentials: u.username !== '' || u.password !== '' };
}

/** Same origin (an opaque origin, serialized `null`, is same origin with nothing). */
export function sameOriginString(a: string, b: string): boolean {
  return a !== 'null' && a === b;
}
