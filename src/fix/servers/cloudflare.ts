import type { CorsPolicy } from '../../engine/types.js';
import { jsString } from './escape.js';
import { lines, noteLines, plan } from './plan.js';

const entry = (name: string, value: string): string => `  ${jsString(name)}: ${jsString(value)},`;

/** A Cloudflare Worker in front of the origin: answers preflights, adds headers to upstream responses. */
export function cloudflareSnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  // A fixed origin other than * makes the response differ per requesting origin for caches.
  const vary = !p.anyOrigin;
  return lines(
    noteLines('//', p.notes),
    '// Cloudflare Worker on a route covering this path; other paths pass through untouched.',
    `const CORS_PATH = ${jsString(p.path)};`,
    'const CORS_HEADERS = {',
    entry('Access-Control-Allow-Origin', p.origin),
    p.credentials && entry('Access-Control-Allow-Credentials', 'true'),
    p.exposeHeaders.length > 0 && entry('Access-Control-Expose-Headers', p.exposeHeaders.join(', ')),
    '};',
    'const PREFLIGHT_HEADERS = {',
    entry('Access-Control-Allow-Methods', p.methods.join(', ')),
    p.requestHeaders.length > 0 && entry('Access-Control-Allow-Headers', p.requestHeaders.join(', ')),
    p.maxAge !== null && entry('Access-Control-Max-Age', String(p.maxAge)),
    '};',
    '',
    'export default {',
    '  async fetch(request) {',
    '    if (new URL(request.url).pathname !== CORS_PATH) return fetch(request);',
    "    if (request.method === 'OPTIONS' && request.headers.has('Access-Control-Request-Method')) {",
    '      const headers = new Headers({ ...CORS_HEADERS, ...PREFLIGHT_HEADERS });',
    vary && "      headers.append('Vary', 'Origin');",
    '      return new Response(null, { status: 204, headers });',
    '    }',
    '    const upstream = await fetch(request);',
    "    // Re-wrap: the upstream response's headers are immutable.",
    '    const response = new Response(upstream.body, upstream);',
    '    for (const [name, value] of Object.entries(CORS_HEADERS)) response.headers.set(name, value);',
    vary && "    response.headers.append('Vary', 'Origin');",
    '    return response;',
    '  },',
    '};',
  );
}
