import type { CorsPolicy } from '../../engine/types.js';
import { pyRegexEscape, pyRegexLiteral, pyString } from './escape.js';
import { decodedPath, lines, noteLines, plan } from './plan.js';

/** flask-cors takes a string holding any of these as a regular expression rather than a literal. */
const REGEX_LOOKING = /[*\\\]?$^[(){}|+]/;

/** A literal string, or a compiled full-match pattern when flask-cors would misread the string. */
function matcher(value: string, ignoreCase: boolean): string {
  if (!REGEX_LOOKING.test(value)) return pyString(value);
  const pattern = pyRegexLiteral(`${pyRegexEscape(value)}\\Z`);
  return `re.compile(${pattern}${ignoreCase ? ', re.IGNORECASE' : ''})`;
}

const list = (items: readonly string[]): string => `[${items.join(', ')}]`;

/** Flask + flask-cors. Flask answers OPTIONS itself; flask-cors adds the headers. */
export function flaskSnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  const path = decodedPath(p.path);
  const literals = [path, ...(p.anyOrigin ? [] : [p.origin]), ...p.requestHeaders];
  const usesRe = literals.some((v) => REGEX_LOOKING.test(v));
  // flask-cors upper-cases methods, but the browser compares Access-Control-Allow-Methods
  // case-sensitively: a method such as `patch` must be echoed exactly as sent.
  const exactMethods = p.methods.some((m) => m !== m.toUpperCase());
  const origins = p.anyOrigin ? "'*'" : list([matcher(p.origin, false)]);
  return lines(
    noteLines('#', p.notes),
    '# pip install flask-cors',
    usesRe && 'import re',
    exactMethods && 'from flask import request',
    'from flask_cors import CORS',
    '',
    exactMethods && [
      '# Registered before CORS(app) so it runs after flask-cors (Flask runs after_request hooks in',
      '# reverse order): flask-cors upper-cases methods, but these must be echoed exactly as sent.',
      '@app.after_request',
      'def cors_exact_methods(response):',
      `    if request.method == 'OPTIONS' and request.path == ${pyString(path)}:`,
      `        response.headers['Access-Control-Allow-Methods'] = ${pyString(p.methods.join(', '))}`,
      '    return response',
      '',
      '',
    ],
    'CORS(app, resources={',
    `    ${matcher(path, false)}: {`,
    `        'origins': ${origins},`,
    p.anyOrigin && "        'send_wildcard': True,",
    p.credentials && "        'supports_credentials': True,",
    `        'methods': ${list(p.methods.map(pyString))},`,
    p.requestHeaders.length > 0 && `        'allow_headers': ${list(p.requestHeaders.map((h) => matcher(h, true)))},`,
    p.exposeHeaders.length > 0 && `        'expose_headers': ${list(p.exposeHeaders.map(pyString))},`,
    p.maxAge !== null && `        'max_age': ${p.maxAge},`,
    '    },',
    '})',
  );
}
