/**
 * Raw header lists: name/value pairs in wire order, duplicates preserved.
 * Names compare ASCII-case-insensitively (RFC 9110 §5.1); values are kept as given.
 */
export type HeaderPair = readonly [name: string, value: string];
export type HeaderList = readonly HeaderPair[];

function isHttpWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Strips leading and trailing HTTP whitespace (tab, space, CR, LF). */
export function trimHttpWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWs(value.charCodeAt(start))) start++;
  while (end > start && isHttpWs(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/**
 * Lower-cased name → trimmed values, built once per list: the engine asks one response for many
 * headers, and lists are immutable once observed. Only the last few lists are remembered (the
 * engine works on one exchange at a time), so stored lists never keep an index alive.
 */
const CACHE_SIZE = 8;
const cacheKeys: (HeaderList | null)[] = new Array(CACHE_SIZE).fill(null);
const cacheMaps: (Map<string, string | string[]> | null)[] = new Array(CACHE_SIZE).fill(null);
let cacheNext = 0;

function index(headers: HeaderList): Map<string, string | string[]> {
  for (let i = 0; i < CACHE_SIZE; i++) {
    if (cacheKeys[i] === headers) return cacheMaps[i] as Map<string, string | string[]>;
  }
  const map = new Map<string, string | string[]>();
  for (const [n, v] of headers) {
    const key = n.toLowerCase();
    const value = trimHttpWhitespace(v);
    const known = map.get(key);
    // One value is the common case: no array for it.
    if (known === undefined) map.set(key, value);
    else if (typeof known === 'string') map.set(key, [known, value]);
    else known.push(value);
  }
  cacheKeys[cacheNext] = headers;
  cacheMaps[cacheNext] = map;
  cacheNext = (cacheNext + 1) % CACHE_SIZE;
  return map;
}

const NONE: readonly string[] = [];

/** Every value of `name`, in order, trimmed of surrounding whitespace (not part of the field value). */
export function getAll(headers: HeaderList, name: string): readonly string[] {
  const v = index(headers).get(name.toLowerCase());
  return v === undefined ? NONE : typeof v === 'string' ? [v] : v;
}

/** Fetch "get": all values joined with ", ", or null when the header is absent (#concept-header-list-get). */
export function get(headers: HeaderList, name: string): string | null {
  const v = index(headers).get(name.toLowerCase());
  return v === undefined ? null : typeof v === 'string' ? v : v.join(', ');
}

export function has(headers: HeaderList, name: string): boolean {
  // A scan: presence alone is not worth building an index for.
  const wanted = name.toLowerCase();
  for (const [n] of headers) if (n.length === wanted.length && n.toLowerCase() === wanted) return true;
  return false;
}

export function count(headers: HeaderList, name: string): number {
  const v = index(headers).get(name.toLowerCase());
  return v === undefined ? 0 : typeof v === 'string' ? 1 : v.length;
}

/** Fetch "get, decode, and split" without the decode: split on commas outside quoted strings, trim. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      cur += ch;
      if (ch === '\\' && i + 1 < value.length) cur += value[++i];
      else if (ch === '"') quoted = false;
    } else if (ch === '"') {
      quoted = true;
      cur += ch;
    } else if (ch === ',') {
      out.push(trimHttpWhitespace(cur));
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(trimHttpWhitespace(cur));
  return out;
}
