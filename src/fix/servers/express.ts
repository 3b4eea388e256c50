import type { CorsPolicy } from '../../engine/types.js';
import { jsExactRegex, jsList, jsString } from './escape.js';
import { lines, noteLines, plan } from './plan.js';

/**
 * Express mount path: a plain string only when it means the same to path-to-regexp 0.1 (Express 4)
 * and 8 (Express 5); anything else becomes an anchored RegExp, which both routers accept.
 */
const mountPath = (path: string): string =>
  /^\/[A-Za-z0-9\-._~%/]*$/.test(path) ? jsString(path) : jsExactRegex(path);

/** Express + the `cors` package. Mounted with app.use, cors() also ends the OPTIONS preflight (204). */
export function expressSnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  return lines(
    noteLines('//', p.notes),
    '// npm install cors',
    "import cors from 'cors';",
    '',
    p.preflight
      ? '// Before your routes and auth middleware: cors() answers the OPTIONS preflight itself (204).'
      : '// Before your routes.',
    `app.use(${mountPath(p.path)}, cors({`,
    `  origin: ${jsString(p.origin)},`,
    p.credentials && '  credentials: true,',
    `  methods: ${jsList(p.methods)},`,
    p.requestHeaders.length > 0 && `  allowedHeaders: ${jsList(p.requestHeaders)},`,
    p.exposeHeaders.length > 0 && `  exposedHeaders: ${jsList(p.exposeHeaders)},`,
    p.maxAge !== null && `  maxAge: ${p.maxAge},`,
    '}));',
  );
}
