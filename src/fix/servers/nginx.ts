import type { CorsPolicy } from '../../engine/types.js';
import { fieldValue, NGINX_DOLLAR_VAR, nginxString, nginxValue } from './escape.js';
import { decodedPath, lines, noteLines, plan } from './plan.js';

/** nginx: an exact `location` (nginx matches the decoded path) with `add_header … always`. */
export function nginxSnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  const notes = [...p.notes];
  let dollar = false;
  const header = (name: string, value: string): string => {
    const v = fieldValue(value);
    if (v.changed) notes.push(`Control characters were removed from the ${name} value.`);
    dollar ||= v.text.includes('$');
    return `    add_header ${name} ${nginxValue(v.text)} always;`;
  };
  const path = decodedPath(p.path);
  const body = [
    header('Access-Control-Allow-Origin', p.origin),
    ...(p.credentials ? [header('Access-Control-Allow-Credentials', 'true')] : []),
    header('Access-Control-Allow-Methods', p.methods.join(', ')),
    ...(p.requestHeaders.length > 0 ? [header('Access-Control-Allow-Headers', p.requestHeaders.join(', '))] : []),
    ...(p.exposeHeaders.length > 0 ? [header('Access-Control-Expose-Headers', p.exposeHeaders.join(', '))] : []),
    ...(p.maxAge !== null ? [header('Access-Control-Max-Age', String(p.maxAge))] : []),
    // `always` also covers the 204 below and error responses.
    ...(p.anyOrigin ? [] : ['    add_header Vary Origin always;']),
  ];
  return lines(
    noteLines('#', notes),
    dollar && [
      '# In the http {} block: nginx has no escape for "$" in header values, so this variable supplies one.',
      `geo $${NGINX_DOLLAR_VAR} { default "$"; }`,
      '',
    ],
    `location = ${/^\/[A-Za-z0-9\-._~%/]*$/.test(path) ? path : nginxString(path)} {`,
    '    # These replace any add_header inherited from the server {} block.',
    body,
    p.preflight && ['', '    if ($request_method = OPTIONS) {', '        return 204;', '    }'],
    '',
    '    # ...plus your existing directives for this path (proxy_pass, root, try_files...).',
    '}',
  );
}
