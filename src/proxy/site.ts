/**
 * A cheap "site" (registrable domain) for host names, without shipping the Public Suffix List:
 * the last two labels, or three when the second-level label is a common ccTLD second level
 * (`co.uk`, `com.au`, `ac.jp` …), or one more than a known shared hosting suffix (each app on
 * `herokuapp.com` is its own site, as the PSL's private section says). IP literals, loopback and
 * single-label names are their own site. Used for "a real cross-site hop" (research §2.3 step 2)
 * and for "same-site /api/proxy routes are not public proxies" (research §3).
 */

/**
 * Free app platforms seen hosting CORS proxies (research §2.3 step 3), plus a few that host the
 * same deployments (Deno Deploy, Cloudflare Pages, Fly, Replit, Railway): a proxy-looking URL on
 * them gets a boost.
 */
export const FREE_APP_PLATFORMS: readonly string[] = [
  'herokuapp.com', 'glitch.me', 'workers.dev', 'vercel.app', 'now.sh', 'appspot.com', 'repl.co',
  'onrender.com', 'up.railway.app', 'railway.app', 'netlify.app', 'eu.org', 'pages.dev', 'deno.dev',
  'fly.dev', 'replit.app',
];

/** Shared suffixes under which every label is a different owner (PSL private section). */
const SHARED_SUFFIXES = new Set<string>([
  ...FREE_APP_PLATFORMS,
  'github.io', 'gitlab.io', 'web.app', 'firebaseapp.com', 'surge.sh', 'azurewebsites.net', 'cloudfunctions.net',
]);

/** Second-level labels that ccTLDs use as public suffixes (`example.co.uk`, `example.com.br`). */
const CC_SECOND_LEVEL = new Set<string>([
  'co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'mil', 'ne', 'or', 'go', 'gob', 'gv', 'nic', 'ltd', 'plc', 'sch', 'nom', 'biz', 'info',
]);

function isIpLiteral(host: string): boolean {
  if (host.charCodeAt(0) === 0x5b /* [ */) return true;
  const last = host.slice(host.lastIndexOf('.') + 1);
  return last !== '' && /^(?:\d+|0x[0-9a-f]*)$/.test(last);
}

/** The site of a lower-case host name (a trailing dot is ignored). */
export function siteOf(hostname: string): string {
  const host = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (host.indexOf('.') === -1 || isIpLiteral(host)) return host;
  const labels = host.split('.');
  const n = labels.length;
  // Longest shared suffix first: `up.railway.app` before `railway.app`.
  for (let i = 1; i < n - 1; i++) {
    if (SHARED_SUFFIXES.has(labels.slice(i).join('.'))) return labels.slice(i - 1).join('.');
  }
  if (SHARED_SUFFIXES.has(host)) return host;
  const tld = labels[n - 1] as string;
  const second = labels[n - 2] as string;
  if (n >= 3 && tld.length === 2 && CC_SECOND_LEVEL.has(second)) return labels.slice(n - 3).join('.');
  return labels.slice(n - 2).join('.');
}

/** Whether the host is an app on one of FREE_APP_PLATFORMS. */
export function onFreeAppPlatform(hostname: string): boolean {
  for (const s of FREE_APP_PLATFORMS) {
    if (hostname.length > s.length && hostname.endsWith(s) && hostname.charCodeAt(hostname.length - s.length - 1) === 0x2e) return true;
  }
  return false;
}

/** The host of a serialized origin (`https://a.example:8080` → `a.example`), or null for `null`/garbage. */
export function hostOfOrigin(origin: string | null): string | null {
  if (origin === null || origin === 'null') return null;
  try {
    const h = new URL(origin).hostname;
    return h === '' ? null : h;
  } catch {
    return null;
  }
}
