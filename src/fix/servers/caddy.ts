import type { CorsPolicy } from '../../engine/types.js';
import { caddyToken, fieldValue } from './escape.js';
import { lines, noteLines, plan } from './plan.js';

/**
 * `path` matcher argument. The matcher globs (* ? [ \) and expands placeholders ({ }) with no
 * dependable escape, so a `?` (any one character) stands in for those; `"` is the only escape left.
 * Caddy compares the encoded form when the pattern has a `%`, so the URL's path is used as is.
 */
const matcherPath = (path: string): string =>
  `"${path.replace(/[*?[\]\\{}\x00-\x1f\x7f]/g, '?').replace(/"/g, '\\"')}"`;

/** Caddy: a named matcher, a deferred `header` block and `respond 204` for the preflight. */
export function caddySnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  const notes = [...p.notes];
  const header = (name: string, value: string): string | null => {
    const v = fieldValue(value);
    if (v.changed) notes.push(`Control characters were removed from the ${name} value.`);
    const token = caddyToken(v.text);
    if (token === null) notes.push(`The ${name} value cannot be written safely in a Caddyfile; set it in the application.`);
    return token === null ? null : `\t${name} ${token}`;
  };
  const path = matcherPath(p.path);
  const body = [
    header('Access-Control-Allow-Origin', p.origin),
    p.credentials ? header('Access-Control-Allow-Credentials', 'true') : null,
    header('Access-Control-Allow-Methods', p.methods.join(', ')),
    p.requestHeaders.length > 0 ? header('Access-Control-Allow-Headers', p.requestHeaders.join(', ')) : null,
    p.exposeHeaders.length > 0 ? header('Access-Control-Expose-Headers', p.exposeHeaders.join(', ')) : null,
    p.maxAge !== null ? header('Access-Control-Max-Age', String(p.maxAge)) : null,
    // `+` adds to the upstream's Vary instead of replacing it.
    p.anyOrigin ? null : '\t+Vary Origin',
  ];
  return lines(
    noteLines('#', notes),
    '# Inside your site block.',
    `@cors path ${path}`,
    'header @cors {',
    ...body,
    '\t# Applied when the response is written, so it also overrides headers from a proxied upstream.',
    '\tdefer',
    '}',
    p.preflight && [
      '',
      '@corsPreflight {',
      `\tpath ${path}`,
      '\tmethod OPTIONS',
      '}',
      'respond @corsPreflight 204',
    ],
  );
}
