import type { CorsPolicy } from '../../engine/types.js';
import { jsList, jsString } from './escape.js';
import { lines, noteLines, plan } from './plan.js';

/**
 * Fastify + @fastify/cors. The plugin applies to every route, so the options delegator turns it
 * off (origin: false) outside the policy's path; on the path it also answers the preflight (204).
 */
export function fastifySnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  return lines(
    noteLines('//', p.notes),
    '// npm install @fastify/cors',
    "import cors from '@fastify/cors';",
    '',
    'const corsOptions = {',
    `  origin: ${jsString(p.origin)},`,
    p.credentials && '  credentials: true,',
    `  methods: ${jsList(p.methods)},`,
    p.requestHeaders.length > 0 && `  allowedHeaders: ${jsList(p.requestHeaders)},`,
    p.exposeHeaders.length > 0 && `  exposedHeaders: ${jsList(p.exposeHeaders)},`,
    p.maxAge !== null && `  maxAge: ${p.maxAge},`,
    '};',
    '',
    // req.url is the raw request target: drop the query before comparing.
    'await fastify.register(cors, () => (req, callback) => {',
    "  const path = req.url.split('?', 1)[0];",
    `  callback(null, path === ${jsString(p.path)} ? corsOptions : { origin: false });`,
    '});',
  );
}
