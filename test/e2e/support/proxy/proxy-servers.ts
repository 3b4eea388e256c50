/**
 * CORS proxies for the proxy e2e test (issue #5).
 *
 * - Fakes of public services, served as virtual hosts of the loopback TLS server under their real
 *   names (Chromium maps the names with --host-resolver-rules). They answer the way the real ones do
 *   (URL shapes, CORS style, fingerprints: cors-anywhere's X-Request-URL, allorigins' JSON envelope
 *   and JSONP, corsproxy.io's refusal of legacy URLs, cors.sh's key header) but with canned content:
 *   they never fetch the target, so a target such as http://169.254.169.254/ is only ever a string.
 * - A real self-hosted proxy: the `cors-anywhere` npm package on loopback, forwarding to a loopback
 *   target server. Its outgoing connections resolve names through our own lookup, which knows only
 *   the target names given to it (to 127.0.0.1) and refuses everything else: nothing leaves the machine.
 */
import { createRequire } from 'node:module';
import { Agent, createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { corsAny, corsReflectCredentials, header, send, type HitLog, type VirtualHost } from './http.js';
import { listenEphemeral, type Listening } from './tls.js';

// ---- canned content --------------------------------------------------------------------------------

interface Canned {
  type: string;
  body: string;
}

/** What a target "returns", decided from its URL alone (the fakes never fetch it). */
export function cannedFor(target: string): Canned {
  let url: URL | null = null;
  try {
    url = new URL(target);
  } catch {
    return { type: 'text/plain', body: 'not a URL' };
  }
  if (url.hostname === '169.254.169.254') return { type: 'text/plain', body: 'ec2-instance-role' };
  if (url.pathname.endsWith('.js')) return { type: 'application/javascript', body: 'window.widget = { ready: true };' };
  if (url.pathname.endsWith('.xml')) return { type: 'application/rss+xml', body: '<?xml version="1.0"?><rss version="2.0"><channel><title>news</title></channel></rss>' };
  if (url.pathname.endsWith('.html') || url.pathname === '/') return { type: 'text/html; charset=utf-8', body: '<!doctype html><title>page</title>' };
  return { type: 'application/json', body: JSON.stringify({ from: target, items: [1, 2, 3] }) };
}

function preflight(res: ServerResponse, cors: OutgoingHttpHeaders): void {
  send(res, 204, cors);
}

// ---- fake public proxies -----------------------------------------------------------------------------

/** corsproxy.io: `/?url=<enc>`; the legacy raw-query form `/?https://…` is refused as it is today. */
const corsproxyIo: VirtualHost = (req, res, url) => {
  if (req.method === 'OPTIONS') return preflight(res, corsAny(req));
  const raw = url.search.slice(1);
  if (/^https?(:|%3a)/i.test(raw)) {
    send(res, 403, { ...corsAny(req), 'Content-Type': 'text/plain' }, 'Anonymous legacy proxy URLs are no longer supported. Use the CORSPROXY API with an API key.');
    return;
  }
  const target = url.searchParams.get('url');
  if (target === null) return send(res, 400, { ...corsAny(req), 'Content-Type': 'text/plain' }, 'Missing url parameter');
  const canned = cannedFor(target);
  send(res, 200, { ...corsAny(req), 'Content-Type': canned.type }, canned.body);
};

/**
 * api.allorigins.win: `/raw?url=` (the body as is; this fake also sets a Cloudflare-style cookie,
 * shared by every site that uses the service) and `/get?url=` (a JSON envelope, or JSONP with `callback=`).
 */
const allOrigins: VirtualHost = (req, res, url) => {
  if (req.method === 'OPTIONS') return preflight(res, corsAny(req));
  const target = url.searchParams.get('url');
  if (target === null) return send(res, 400, { ...corsAny(req), 'Content-Type': 'text/plain' }, 'url parameter required');
  const canned = cannedFor(target);
  if (url.pathname === '/raw') {
    send(res, 200, {
      ...corsAny(req),
      'Content-Type': canned.type,
      'Set-Cookie': '__cf_bm=e2e.allorigins.cookie; Path=/; Domain=.allorigins.win; HttpOnly; Secure; SameSite=None',
    }, canned.body);
    return;
  }
  if (url.pathname === '/get') {
    const envelope = JSON.stringify({ contents: canned.body, status: { url: target, content_type: canned.type, http_code: 200, response_time: 12 } });
    const callback = url.searchParams.get('callback');
    if (callback !== null) {
      if (!/^[A-Za-z_$][\w$.]*$/.test(callback)) return send(res, 400, { ...corsAny(req), 'Content-Type': 'text/plain' }, 'bad callback');
      send(res, 200, { ...corsAny(req), 'Content-Type': 'application/javascript; charset=utf-8' }, `${callback}(${envelope});`);
      return;
    }
    send(res, 200, { ...corsAny(req), 'Content-Type': 'application/json; charset=utf-8' }, envelope);
    return;
  }
  send(res, 404, { ...corsAny(req), 'Content-Type': 'text/plain' }, 'not found');
};

/**
 * cors-anywhere.herokuapp.com (the demo): `/<url>`; refuses requests without Origin or
 * X-Requested-With; answers with its fingerprint headers X-Request-URL / X-Final-URL.
 */
const corsAnywhereDemo: VirtualHost = (req, res, url) => {
  if (req.method === 'OPTIONS') return send(res, 200, corsAny(req));
  const target = `${url.pathname.slice(1)}${url.search}`;
  if (!/^https?:\/\//.test(target)) return send(res, 200, { ...corsAny(req), 'Content-Type': 'text/plain' }, 'This API enables cross-origin requests to anywhere.');
  if (header(req, 'origin') === null && header(req, 'x-requested-with') === null) {
    return send(res, 400, { ...corsAny(req), 'Content-Type': 'text/plain' }, 'Missing required request header. Must specify one of: origin,x-requested-with');
  }
  const canned = cannedFor(target);
  send(res, 200, {
    ...corsAny(req),
    'Content-Type': canned.type,
    'X-Request-URL': target,
    'X-Final-URL': target,
    'Access-Control-Expose-Headers': 'x-request-url,x-final-url',
  }, canned.body);
};

/** proxy.cors.sh: `/<url>`, key in `x-cors-api-key`; this fake reflects the origin and allows credentials. */
const corsSh: VirtualHost = (req, res, url) => {
  if (req.method === 'OPTIONS') return preflight(res, corsReflectCredentials(req));
  if (header(req, 'x-cors-api-key') === null) return send(res, 401, { ...corsReflectCredentials(req), 'Content-Type': 'text/plain' }, 'missing x-cors-api-key');
  const target = `${url.pathname.slice(1)}${url.search}`;
  const canned = cannedFor(target);
  send(res, 200, { ...corsReflectCredentials(req), 'Content-Type': canned.type }, canned.body);
};

/** Virtual hosts of the fake public proxies (names as in src/proxy/catalogue.json). */
export const FAKE_PROXIES: ReadonlyMap<string, VirtualHost> = new Map([
  ['corsproxy.io', corsproxyIo],
  ['api.allorigins.win', allOrigins],
  ['cors-anywhere.herokuapp.com', corsAnywhereDemo],
  ['proxy.cors.sh', corsSh],
]);

// ---- self-hosted: the cors-anywhere package --------------------------------------------------------

/** The part of the `cors-anywhere` CommonJS module used here (it ships no types). */
interface CorsAnywhereModule {
  createServer(options: {
    originWhitelist?: string[];
    requireHeader?: string[];
    removeHeaders?: string[];
    getProxyForUrl?: (url: string) => string;
    httpProxyOptions?: { xfwd?: boolean; agent?: Agent };
  }): Server;
}

const require = createRequire(import.meta.url);

export interface Relay {
  /** e.g. `http://relay.devbox.test:41234` once `name` maps to 127.0.0.1 in Chromium. */
  origin: string;
  listening: Listening;
  close(): Promise<void>;
}

/**
 * A real cors-anywhere on 127.0.0.1 (ephemeral port), configured like its public demo (needs Origin or
 * X-Requested-With, drops cookies), reachable by Chromium as `http://<name>:<port>`.
 *
 * cors-anywhere accepts any target written with a scheme (`/http://host:port/…` skips its TLD check)
 * and connects through http-proxy, which takes an `agent`: ours resolves only the names in
 * `targets` (to 127.0.0.1) and fails every other lookup, so the relay can reach nothing but the
 * loopback target. `getProxyForUrl` is pinned to "no upstream proxy" so an http_proxy variable in the
 * environment cannot send the traffic elsewhere.
 */
export async function startCorsAnywhereRelay(name: string, targets: ReadonlySet<string>): Promise<Relay> {
  const corsAnywhere = require('cors-anywhere') as CorsAnywhereModule;
  const lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    if (!targets.has(hostname.toLowerCase())) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname} (the e2e relay resolves only ${[...targets].join(', ')})`);
      error.code = 'ENOTFOUND';
      callback(error, '', 4);
      return;
    }
    // Node 20 connects with autoSelectFamily, which asks for every address (`all: true`).
    if (options.all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  };
  const agent = new Agent({ lookup, keepAlive: false });
  const server = corsAnywhere.createServer({
    originWhitelist: [],
    requireHeader: ['origin', 'x-requested-with'],
    removeHeaders: ['cookie', 'cookie2'],
    getProxyForUrl: () => '',
    httpProxyOptions: { xfwd: true, agent },
  });
  const listening = await listenEphemeral(server);
  return {
    origin: `http://${name}:${listening.port}`,
    listening,
    async close() {
      agent.destroy();
      await listening.close();
    },
  };
}

export interface TargetServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The API behind the relay (plain HTTP on 127.0.0.1): JSON, and a session cookie that cors-anywhere
 * strips on the way back. It sends no CORS headers of its own: the page can read it only through the relay.
 */
export async function startTargetServer(log: HitLog): Promise<TargetServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    log.add('relay-target', req);
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
    });
    req.on('end', () => {
      send(res, 200, { 'Content-Type': 'application/json', 'Set-Cookie': 'target_session=1; Path=/; HttpOnly' }, JSON.stringify({ method: req.method, url: req.url, bodyLength: length }));
    });
  });
  server.keepAliveTimeout = 2_000;
  const listening = await listenEphemeral(server);
  return { port: listening.port, close: () => listening.close() };
}
