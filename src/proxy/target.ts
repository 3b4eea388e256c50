/**
 * Finding the target URL inside a proxy request URL: the shapes of research §2.1 (S1 absolute URL
 * in the path, S2 after a prefix segment, S3 schemeless host as the first segment, S4 `/https/host/`,
 * S5 the raw query, S6 a query parameter) and each catalogue entry's own shape. Pure string work
 * on the WHATWG-parsed URL, bounded (callers cap the URL; at most MAX_PARAMS parameters and
 * MAX_PATH_HITS path positions are looked at), and it never throws: malformed percent-encoding is
 * left as it is.
 */
import type { CatalogueEntry } from './catalogue.js';
import { parseUrl } from '../http/origin.js';

/** Characters of a URL looked at; the rest of a longer URL is ignored. */
export const MAX_URL = 4096;
/** Query parameters looked at. */
export const MAX_PARAMS = 32;
/** `http` occurrences in a path looked at. */
const MAX_PATH_HITS = 8;

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/** decodeURIComponent that never throws: runs that are not valid UTF-8 stay encoded. */
export function safeDecode(s: string): string {
  if (s.indexOf('%') === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(ESCAPE_RUN, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** application/x-www-form-urlencoded decoding of one name or value (`+` is a space), as servers read queries. */
export function formDecode(s: string): string {
  return safeDecode(s.indexOf('+') === -1 ? s : s.replace(/\+/g, ' '));
}

export interface Param {
  name: string;
  /** Raw (still encoded) value. */
  value: string;
}

/** The first MAX_PARAMS `name=value` pairs of a query (without `?`); names decoded, values raw. */
export function splitQuery(query: string): Param[] {
  const out: Param[] = [];
  let start = 0;
  while (start <= query.length && out.length < MAX_PARAMS) {
    let end = query.indexOf('&', start);
    if (end === -1) end = query.length;
    if (end > start) {
      const pair = query.slice(start, end);
      const eq = pair.indexOf('=');
      out.push(eq === -1 ? { name: formDecode(pair), value: '' } : { name: formDecode(pair.slice(0, eq)), value: pair.slice(eq + 1) });
    }
    start = end + 1;
  }
  return out;
}

/** `http:`/`https:` (any case) at `i`, plain or percent-encoded (`https%3A`); returns the index after the colon. */
function schemeEnd(s: string, i: number): number {
  let j = i;
  const c = (k: number) => s.charCodeAt(k) | 0x20; // ASCII lower-case
  if (c(j) !== 0x68 || c(j + 1) !== 0x74 || c(j + 2) !== 0x74 || c(j + 3) !== 0x70) return -1; // http
  j += 4;
  if (c(j) === 0x73) j++; // s
  if (s.charCodeAt(j) === 0x3a) return j + 1; // :
  if (s.charCodeAt(j) === 0x25 && s.charCodeAt(j + 1) === 0x33 && c(j + 2) === 0x61) return j + 3; // %3A
  return -1;
}

/** Whether a string starts like an absolute http(s) URL, plain or percent-encoded, or `//host`. */
export function looksLikeUrlStart(s: string): boolean {
  if (schemeEnd(s, 0) !== -1 || /^https?%253a/i.test(s)) return true;
  if (s.startsWith('//')) return true;
  return s.length > 6 && s.charCodeAt(0) === 0x25 && s.slice(0, 6).toLowerCase() === '%2f%2f';
}

/** Decodes up to two rounds while the string still starts with an encoded scheme or `%2F%2F` (double encoding happens). */
function decodeEncodedStart(s: string): string {
  let out = s;
  for (let round = 0; round < 2; round++) {
    const end = schemeEnd(out, 0);
    const encodedScheme = end !== -1 && out.charCodeAt(end - 1) !== 0x3a;
    const encodedSlashes = out.length > 6 && out.slice(0, 6).toLowerCase() === '%2f%2f';
    const doubly = /^https?%253a/i.test(out);
    if (!encodedScheme && !encodedSlashes && !doubly) break;
    out = safeDecode(out);
  }
  return out;
}

const HOST_SEGMENT = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9](?::\d{1,5})?$|^localhost(?::\d{1,5})?$|^(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?$/i;
/** Last labels that are file extensions, not TLDs: `index.html` is a file, not a host. */
const FILE_EXTENSIONS = new Set<string>([
  'js', 'mjs', 'cjs', 'json', 'html', 'htm', 'php', 'css', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico',
  'xml', 'txt', 'map', 'woff', 'woff2', 'ttf', 'md', 'aspx', 'asp', 'jsp', 'cgi', 'pdf', 'zip', 'gz', 'mp4', 'mp3',
  'wasm', 'csv', 'yaml', 'yml', 'git', 'ts', 'tsx', 'jsx', 'do', 'action', 'rss', 'atom',
]);

/** Whether a path segment is a bare host name (with optional port), as in `/github.com/user/repo` (S3). */
export function isHostSegment(segment: string): boolean {
  if (segment.length < 3 || segment.length > 260 || !HOST_SEGMENT.test(segment)) return false;
  const host = segment.replace(/:\d+$/, '');
  const tld = host.slice(host.lastIndexOf('.') + 1).toLowerCase();
  return !FILE_EXTENSIONS.has(tld);
}

/**
 * A raw candidate to a target URL: percent-decoded when its scheme is encoded, `https:/x` mended
 * to `https://x` (servers and intermediaries collapse `//`), `//host` given `baseScheme`, and a
 * schemeless `host/path` given `schemeless` (cors-anywhere's rule: http, https when the port is 443)
 * when allowed. Returns the parsed http(s) URL, or null.
 */
export function toTargetUrl(raw: string, baseScheme: string, schemeless: 'http' | 'https' | null): URL | null {
  let s = decodeEncodedStart(raw.trim());
  if (s === '') return null;
  const end = schemeEnd(s, 0);
  if (end !== -1) {
    // `https:/host` or `https:host`: one or no slash left by a collapsing server.
    const after = s.charCodeAt(end) === 0x2f ? (s.charCodeAt(end + 1) === 0x2f ? 2 : 1) : 0;
    if (after < 2) s = `${s.slice(0, end)}//${s.slice(end + after)}`;
  } else if (s.startsWith('//')) {
    s = `${baseScheme}:${s}`;
  } else {
    if (schemeless === null) return null;
    const slash = s.search(/[/?#]/);
    const first = slash === -1 ? s : s.slice(0, slash);
    if (!isHostSegment(first)) return null;
    s = `${/:443$/.test(first) ? 'https' : schemeless}://${s}`;
  }
  const u = parseUrl(s);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return null;
  return u;
}

/** The first absolute http(s) URL written inside a text (YQL's `where url="…"`), or null. */
function embeddedUrl(text: string): URL | null {
  const i = text.search(/https?:\/\//i);
  if (i === -1) return null;
  const rest = text.slice(i);
  const stop = rest.search(/["'\s)<>\]]/);
  return toTargetUrl(stop === -1 ? rest : rest.slice(0, stop), 'https', null);
}

/** A parameter value decoded as a target URL (one form-decoding, more if still encoded). */
export function paramTarget(value: string, baseScheme: string, schemeless: 'http' | 'https' | null): URL | null {
  return toTargetUrl(formDecode(value), baseScheme, schemeless);
}

export interface Split {
  /** Path, capped. */
  path: string;
  /** Query without `?`, or '' (capped). */
  query: string;
  /** Scheme without colon (`https`). */
  scheme: string;
}

export function splitUrl(u: URL): Split {
  return { path: u.pathname.slice(0, MAX_URL), query: u.search.slice(1, MAX_URL), scheme: u.protocol.slice(0, -1) };
}

/** The target of a request to a catalogue entry's host, read the way that service reads it; null when the URL does not carry one in the entry's shape. */
export function entryTarget(entry: CatalogueEntry, s: Split): URL | null {
  if (!s.path.startsWith(entry.pathPrefix)) return null;
  if (entry.shape === 'path') {
    const rest = s.path.slice(entry.pathPrefix.length);
    if (rest === '') return null;
    // The query belongs to the target (cors-anywhere forwards it), unless the target was encoded whole.
    const end = schemeEnd(rest, 0);
    const encoded = end !== -1 && rest.charCodeAt(end - 1) !== 0x3a;
    const raw = s.query === '' || encoded ? rest : `${rest}?${s.query}`;
    return toTargetUrl(raw, s.scheme, entry.defaultScheme ?? 'http');
  }
  if (s.query === '') return null;
  if (entry.param === undefined) return toTargetUrl(s.query, s.scheme, null);
  for (const p of splitQuery(s.query)) {
    if (p.name !== entry.param) continue;
    const decoded = formDecode(p.value);
    return toTargetUrl(decoded, s.scheme, 'http') ?? embeddedUrl(decoded);
  }
  return null;
}

export type Shape = 'path-url' | 'prefixed-path-url' | 'scheme-segment' | 'schemeless-host' | 'raw-query' | 'param' | 'header';

export interface Candidate {
  shape: Shape;
  target: URL;
  /** The request path before the target (`/`, `/api/proxy/`); for query candidates the whole path. */
  prefix: string;
  /** The query parameter's name (S6). */
  param?: string;
}

/**
 * Every candidate target in a request URL (research §2.3 step 1 a–d), path shapes first. Header
 * candidates (S7) are the caller's. Each shape is looked for at a bounded number of positions.
 */
export function urlCandidates(s: Split): Candidate[] {
  const out: Candidate[] = [];
  const path = s.path;
  const lower = path.toLowerCase();
  // S1/S2: `/https://…`, `/https:/…`, `/https%3A%2F%2F…`, `/url=https://…` anywhere in the path.
  let from = 1;
  for (let hits = 0; hits < MAX_PATH_HITS; hits++) {
    const i = lower.indexOf('http', from);
    if (i === -1) break;
    from = i + 4;
    const prev = lower.charCodeAt(i - 1);
    if (prev !== 0x2f /* / */ && prev !== 0x3d /* = */) continue;
    const end = schemeEnd(path, i);
    if (end === -1) continue;
    const rest = path.slice(i);
    const encoded = path.charCodeAt(end - 1) !== 0x3a;
    const target = toTargetUrl(encoded || s.query === '' ? rest : `${rest}?${s.query}`, s.scheme, null);
    if (!target) continue;
    const prefix = path.slice(0, i);
    out.push({ shape: prefix === '/' ? 'path-url' : 'prefixed-path-url', target, prefix });
    break;
  }
  // S4: `/https/host/…` (a catch-all route or a mirror).
  for (const marker of ['/https/', '/http/']) {
    const i = lower.indexOf(marker);
    if (i === -1) continue;
    const rest = path.slice(i + marker.length);
    const slash = rest.indexOf('/');
    const host = slash === -1 ? rest : rest.slice(0, slash);
    if (!isHostSegment(host) || host.indexOf('.') === -1) continue;
    const target = toTargetUrl(`${marker.slice(1, -1)}://${rest}${s.query === '' ? '' : `?${s.query}`}`, s.scheme, null);
    if (target) out.push({ shape: 'scheme-segment', target, prefix: path.slice(0, i + 1) });
    break;
  }
  // S3: `/github.com/user/repo` (only ever counted with strong boosts).
  const slash = path.indexOf('/', 1);
  const first = slash === -1 ? path.slice(1) : path.slice(1, slash);
  if (first.indexOf('.') !== -1 && isHostSegment(first)) {
    const target = toTargetUrl(path.slice(1) + (s.query === '' ? '' : `?${s.query}`), s.scheme, 'http');
    if (target) out.push({ shape: 'schemeless-host', target, prefix: '/' });
  }
  if (s.query !== '') {
    // S5: the raw query is the URL (`/?https://…`, `/?https%3A%2F%2F…`).
    if (looksLikeUrlStart(s.query)) {
      const target = toTargetUrl(s.query, s.scheme, null);
      if (target) out.push({ shape: 'raw-query', target, prefix: path });
    } else {
      // S6: a parameter whose value is an absolute http(s) URL or `//host`.
      for (const p of splitQuery(s.query)) {
        if (p.value.length < 8 || !looksLikeUrlStart(p.value)) continue;
        const target = paramTarget(p.value, s.scheme, null);
        if (target) out.push({ shape: 'param', target, prefix: path, param: p.name });
      }
    }
  }
  return out;
}
