import type { CorsPolicy } from '../../engine/types.js';

/**
 * The policy as every snippet renders it. Policies may come from JSON or hostile recordings,
 * so nothing here trusts the declared types.
 */
export interface Plan {
  origin: string;
  /** origin is `*` (never together with credentials). */
  anyOrigin: boolean;
  credentials: boolean;
  /** GET, HEAD, POST, then the policy's methods as sent (exact-case, deduplicated). */
  methods: string[];
  requestHeaders: string[];
  exposeHeaders: string[];
  /** Whole seconds in [0, 2^31-1], or null. */
  maxAge: number | null;
  preflight: boolean;
  /** Path as in the URL (percent-encoded), always starting with `/`. */
  path: string;
  /** Fixed sentences for the reader; never contain policy values. */
  notes: string[];
}

/** Shown instead of `*` when credentials are needed: a credentialed response must name the origin. */
export const PLACEHOLDER_ORIGIN = 'https://your-site.example';

/**
 * Safelisted methods lead every list: Spring and S3 also check the actual request's method
 * against it, and elsewhere listing them costs nothing.
 */
const SAFELISTED = ['GET', 'HEAD', 'POST'];

const MAX_AGE_LIMIT = 2147483647;

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) if (typeof item === 'string' && item !== '' && !out.includes(item)) out.push(item);
  return out;
}

export function plan(policy: CorsPolicy): Plan {
  const notes: string[] = [];
  const credentials = policy.credentials === true;
  let origin = typeof policy.origin === 'string' ? policy.origin : '';
  if (credentials && origin === '*') {
    origin = PLACEHOLDER_ORIGIN;
    notes.push(`Credentialed requests cannot use the wildcard origin: replace ${PLACEHOLDER_ORIGIN} with the page's exact origin.`);
  }
  const methods = [...SAFELISTED];
  for (const m of strings(policy.methods)) if (!methods.includes(m)) methods.push(m);
  const rawAge = policy.maxAge;
  const maxAge = typeof rawAge === 'number' && Number.isFinite(rawAge)
    ? Math.min(Math.max(Math.floor(rawAge), 0), MAX_AGE_LIMIT)
    : null;
  const rawPath = typeof policy.path === 'string' ? policy.path : '';
  return {
    origin,
    anyOrigin: origin === '*',
    credentials,
    methods,
    requestHeaders: strings(policy.requestHeaders),
    exposeHeaders: strings(policy.exposeHeaders),
    maxAge,
    preflight: policy.preflight === true,
    path: rawPath.startsWith('/') ? rawPath : '/' + rawPath,
    notes,
  };
}

/**
 * The path as servers that match on the decoded path see it (nginx, Apache, Django, Flask, Spring,
 * ASP.NET). Kept encoded when it does not decode or would decode to control characters.
 */
export function decodedPath(path: string): string {
  try {
    const decoded = decodeURIComponent(path);
    return /[\x00-\x1f\x7f]/.test(decoded) ? path : decoded;
  } catch {
    return path;
  }
}

/** One comment line per note. */
export const noteLines = (prefix: string, notes: readonly string[]): string[] =>
  notes.map((n) => `${prefix} Note: ${n}`);

export type Line = string | readonly string[] | null | false;

/** Joins lines; arrays are spliced in and `null`/`false` (optional lines left out) are dropped. */
export const lines = (...items: Line[]): string =>
  items.flatMap((l) => (typeof l === 'string' ? [l] : Array.isArray(l) ? l : [])).join('\n');
