import type { CorsPolicy } from '../../engine/types.js';
import { apacheHeaderValue, apacheString, fieldValue } from './escape.js';
import { decodedPath, lines, noteLines, plan } from './plan.js';

/**
 * <Location> path. It is matched decoded, treats * ? [ as wildcards without an escape, and the
 * whole line goes through ${VAR} substitution: a `?` (any one character) stands in for those.
 */
const locationPath = (path: string): string =>
  apacheString(decodedPath(path).replace(/[*?[\\\x00-\x1f\x7f]|\$(?=\{)/g, '?'));

/** Apache httpd: mod_headers in a <Location>, plus mod_rewrite answering the preflight with 204. */
export function apacheSnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  const notes = [...p.notes];
  const header = (name: string, value: string): string | null => {
    const v = fieldValue(value);
    if (v.changed) notes.push(`Control characters were removed from the ${name} value.`);
    const quoted = apacheHeaderValue(v.text);
    if (quoted === null) notes.push(`The ${name} value cannot be written safely in an Apache config; set it in the application.`);
    return quoted === null ? null : `    Header always set ${name} ${quoted}`;
  };
  const body = [
    header('Access-Control-Allow-Origin', p.origin),
    p.credentials ? header('Access-Control-Allow-Credentials', 'true') : null,
    header('Access-Control-Allow-Methods', p.methods.join(', ')),
    p.requestHeaders.length > 0 ? header('Access-Control-Allow-Headers', p.requestHeaders.join(', ')) : null,
    p.exposeHeaders.length > 0 ? header('Access-Control-Expose-Headers', p.exposeHeaders.join(', ')) : null,
    p.maxAge !== null ? header('Access-Control-Max-Age', String(p.maxAge)) : null,
    p.anyOrigin ? null : '    Header always merge Vary "Origin"',
  ];
  return lines(
    noteLines('#', notes),
    `# Needs mod_headers${p.preflight ? ' and mod_rewrite (a2enmod headers rewrite)' : ' (a2enmod headers)'}.`,
    `<Location ${locationPath(p.path)}>`,
    ...body,
    p.preflight && [
      '',
      '    # Answer the preflight here: 204 with the headers above.',
      '    RewriteEngine On',
      '    RewriteCond %{REQUEST_METHOD} =OPTIONS',
      '    RewriteRule ^ - [R=204,L]',
    ],
    '</Location>',
  );
}
