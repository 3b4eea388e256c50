// The CORS zoo: a local demo site whose buttons trigger every class of CORS failure and a few
// successes. Every server listens on 127.0.0.1 only; the browser reaches them by name through
// `--host-resolver-rules` (HOST_RESOLVER_RULES), so the page and its APIs are distinct sites:
//
//   http://zoo.test:<p>      the page (zoo.test)
//   http://api.test:<q>      the main API
//   http://other.test:<r>    a second API (redirect target)
//   http://corsproxy.io:<s>  a public CORS proxy look-alike: /?url=<target>, forwards to api/other only
//   http://api.test:<d>      a closed port (connection refused)
//
// `node scripts/zoo/zoo.mjs` serves it alone and prints the URLs and the Chromium flag to use.
import { createServer, request as httpRequest } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import { CASES } from './cases.mjs';
import { renderPage, renderScript } from './page.mjs';

export { CASES, caseById } from './cases.mjs';

/** Chromium flag value that sends the zoo's names to 127.0.0.1. */
export const HOST_RESOLVER_RULES = 'MAP *.test 127.0.0.1, MAP corsproxy.io 127.0.0.1';
export const HOSTS = { zoo: 'zoo.test', api: 'api.test', other: 'other.test', proxy: 'corsproxy.io', refused: 'api.test' };

const LISTEN = '127.0.0.1';
const MAX_BODY = 1 << 20;
const PROXY_TIMEOUT_MS = 5_000;

/** @param {import('node:http').Server} server */
function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LISTEN, () => {
      server.off('error', reject);
      resolve(/** @type {import('node:net').AddressInfo} */ (server.address()).port);
    });
  });
}

/** A loopback port nothing listens on: bound once, then released. */
async function closedPort() {
  const probe = createNetServer();
  const port = await new Promise((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, LISTEN, () => resolve(/** @type {import('node:net').AddressInfo} */ (probe.address()).port));
  });
  await new Promise((resolve) => probe.close(() => resolve(undefined)));
  return port;
}

/** @param {string[]} raw */
function pairs(raw) {
  /** @type {[string, string][]} */
  const out = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** @param {import('node:http').IncomingMessage} req */
async function readBody(req) {
  const chunks = [];
  let length = 0;
  for await (const chunk of req) {
    length += chunk.length;
    if (length > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Start the zoo. `extraCases` (same shape as CASES) get routes and buttons too: tests use them for
 * cases the demo does not show (XSS canaries).
 * @param {{ extraCases?: import('./cases.mjs').ZooCase[], onRequest?: (entry: LoggedRequest) => void }} [options]
 */
export async function startZoo(options = {}) {
  const cases = [...CASES, ...(options.extraCases ?? [])];
  const byId = new Map();
  for (const c of cases) {
    if (byId.has(c.id)) throw new Error(`duplicate zoo case ${c.id}`);
    byId.set(c.id, c);
  }
  /** @type {LoggedRequest[]} */
  const log = [];
  let seq = 0;
  /** @type {Record<string, string>} */
  const origins = {};
  /** @type {Record<string, number>} */
  const ports = {};
  /** @type {{ name: string, server: import('node:http').Server, sockets: Set<import('node:net').Socket> }[]} */
  const servers = [];

  /** @param {import('./cases.mjs').ZooCase} c */
  const specFor = (c) => {
    const r = c.request;
    const path = r.path ?? `/case/${encodeURIComponent(c.id)}`;
    let url;
    if (r.target === 'proxy') {
      url = `${origins.proxy}/?url=${encodeURIComponent(`${origins.api}${path}?t=__TAG__`)}&t=__TAG__`;
    } else {
      url = `${origins[r.target]}${path}?t=__TAG__`;
    }
    return { id: c.id, method: r.method, url, headers: r.headers ?? {}, credentials: r.credentials ?? 'same-origin', body: r.body ?? null };
  };

  /**
   * @param {string} name
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  const handle = async (name, req, res) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${HOSTS[name]}:${ports[name]}`}`);
    /** @type {LoggedRequest} */
    const entry = {
      seq: ++seq, server: name, method, target: req.url ?? '/', caseId: null, tag: url.searchParams.get('t'),
      headers: req.headers, rawHeaders: pairs(req.rawHeaders), body: '', status: null, at: Date.now(),
    };
    log.push(entry);
    const origEnd = res.end.bind(res);
    res.end = /** @type {typeof res.end} */ ((...args) => {
      entry.status = res.statusCode;
      return origEnd(...args);
    });
    try {
      entry.body = await readBody(req);
    } catch {
      req.socket.destroy();
      return;
    }
    options.onRequest?.(entry);

    if (name === 'zoo') return serveZoo(method, url, res);
    if (name === 'proxy') return proxy(method, url, req, res, entry);

    const match = /^\/case\/([^/]+)(?:\/.*)?$/.exec(url.pathname);
    const c = match ? byId.get(decodeURIComponent(match[1])) : undefined;
    if (!c) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('no such zoo case');
      return;
    }
    entry.caseId = c.id;
    /** @type {import('./cases.mjs').Ctx} */
    const ctx = {
      server: /** @type {import('./cases.mjs').ServerName} */ (name),
      method, url, tag: entry.tag, headers: req.headers, origins,
      origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
      send(status, headers = {}, body = '') {
        res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
        res.end(body);
      },
      raw(bytes) {
        entry.status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(bytes)?.[1] ?? 0);
        req.socket.end(bytes, 'latin1');
      },
      destroy() {
        req.socket.destroy();
      },
    };
    const handler = method === 'OPTIONS' ? c.options : c.actual;
    try {
      if (handler) handler(ctx);
      else ctx.send(404, { 'Content-Type': 'text/plain' }, method === 'OPTIONS' ? 'no OPTIONS route' : 'no handler');
    } catch (error) {
      if (!res.headersSent) ctx.send(500, { 'Content-Type': 'text/plain' }, `zoo handler error: ${String(error)}`);
    }
  };

  /** @param {string} method @param {URL} url @param {import('node:http').ServerResponse} res */
  const serveZoo = (method, url, res) => {
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET' });
      res.end();
    } else if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(renderPage(cases, origins));
    } else if (url.pathname === '/zoo.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(renderScript(cases.map(specFor)));
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  };

  /**
   * The proxy look-alike: like the real service it answers `Access-Control-Allow-Origin: *` to anyone,
   * which is why "it works through the proxy". It forwards only to the zoo's own API servers.
   * @param {string} method @param {URL} url
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {LoggedRequest} entry
   */
  const proxy = (method, url, req, res, entry) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'X-Proxied-By' };
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
        'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? '*'),
      });
      res.end();
      return;
    }
    let target;
    try {
      target = new URL(url.searchParams.get('url') ?? '');
    } catch {
      target = null;
    }
    const upstream = target && [origins.api, origins.other].includes(target.origin) ? target : null;
    if (!upstream) {
      res.writeHead(403, { ...cors, 'Content-Type': 'text/plain' });
      res.end('this look-alike only forwards to the zoo\'s own APIs (?url=http://api.test:…)');
      return;
    }
    const port = upstream.origin === origins.api ? ports.api : ports.other;
    const headers = { host: upstream.host, 'x-forwarded-for': '127.0.0.1', 'user-agent': 'zoo-proxy' };
    if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
    const forward = httpRequest(
      { host: LISTEN, port, method, path: `${upstream.pathname}${upstream.search}`, headers, timeout: PROXY_TIMEOUT_MS },
      (up) => {
        const out = { ...cors, 'X-Proxied-By': 'corsproxy.io look-alike (CORS zoo)', 'Cache-Control': 'no-store' };
        if (up.headers['content-type']) out['Content-Type'] = up.headers['content-type'];
        res.writeHead(up.statusCode ?? 502, out);
        up.pipe(res);
      },
    );
    forward.on('timeout', () => forward.destroy(new Error('upstream timeout')));
    forward.on('error', (error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { ...cors, 'Content-Type': 'text/plain' });
      res.end(`proxy error: ${error.message}`);
    });
    forward.end(entry.body || undefined);
  };

  try {
    for (const name of ['zoo', 'api', 'other', 'proxy']) {
      const sockets = new Set();
      const server = createServer((req, res) => void handle(name, req, res));
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      server.keepAliveTimeout = 2_000;
      servers.push({ name, server, sockets });
      ports[name] = await listen(server);
      origins[name] = `http://${HOSTS[name]}:${ports[name]}`;
    }
    ports.refused = await closedPort();
    origins.refused = `http://${HOSTS.refused}:${ports.refused}`;
  } catch (error) {
    await closeAll(servers);
    throw error;
  }

  let closed = false;
  return {
    origins,
    ports,
    /** The zoo page. */
    url: `${origins.zoo}/`,
    hostResolverRules: HOST_RESOLVER_RULES,
    cases,
    log,
    /** @param {string} tag */
    requestsFor: (tag) => log.filter((e) => e.tag === tag),
    async close() {
      if (closed) return;
      closed = true;
      await closeAll(servers);
    },
  };
}

/** @param {{ server: import('node:http').Server, sockets: Set<import('node:net').Socket> }[]} servers */
function closeAll(servers) {
  return Promise.all(
    servers.map(
      ({ server, sockets }) =>
        new Promise((resolve) => {
          for (const s of sockets) s.destroy();
          server.closeAllConnections();
          if (!server.listening) resolve(undefined);
          else server.close(() => resolve(undefined));
        }),
    ),
  );
}

/**
 * @typedef {{
 *   seq: number, server: string, method: string, target: string, caseId: string | null, tag: string | null,
 *   headers: import('node:http').IncomingHttpHeaders, rawHeaders: [string, string][], body: string,
 *   status: number | null, at: number,
 * }} LoggedRequest
 */

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const zoo = await startZoo();
  console.log(`CORS zoo: ${zoo.url}`);
  for (const [name, origin] of Object.entries(zoo.origins)) console.log(`  ${name.padEnd(8)} ${origin}`);
  console.log(`\nOpen it in a Chromium started with --host-resolver-rules="${HOST_RESOLVER_RULES}". Ctrl-C stops.`);
  process.on('SIGINT', () => void zoo.close().then(() => process.exit(0)));
}
