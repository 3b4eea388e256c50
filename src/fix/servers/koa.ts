import type { CorsPolicy } from '../../engine/types.js';
import { jsList, jsString } from './escape.js';
import { lines, noteLines, plan } from './plan.js';

/** Koa + @koa/cors, which answers a preflight itself (204) and always adds `Vary: Origin`. */
export function koaSnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  return lines(
    noteLines('//', p.notes),
    '// npm install @koa/cors',
    "import cors from '@koa/cors';",
    '',
    'const corsMiddleware = cors({',
    `  origin: ${jsString(p.origin)},`,
    p.credentials && '  credentials: true,',
    `  allowMethods: ${jsList(p.methods)},`,
    p.requestHeaders.length > 0 && `  allowHeaders: ${jsList(p.requestHeaders)},`,
    p.exposeHeaders.length > 0 && `  exposeHeaders: ${jsList(p.exposeHeaders)},`,
    // A string: @koa/cors skips a falsy maxAge, which would drop 0.
    p.maxAge !== null && `  maxAge: ${jsString(String(p.maxAge))},`,
    '});',
    '',
    '// Koa has no routing of its own: apply it to this path only, before your routes.',
    `app.use((ctx, next) => (ctx.path === ${jsString(p.path)} ? corsMiddleware(ctx, next) : next()));`,
  );
}
