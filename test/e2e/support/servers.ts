/**
 * Loopback HTTP servers for the end-to-end scenarios.
 *
 * - page  `http://127.0.0.1:<A>`: serves a blank HTML page at `/` (the fetch() initiator), and also
 *   dispatches `/s/<id>` so a scenario can start same-origin and redirect away.
 * - api   `http://127.0.0.1:<B>`: the cross-origin API.
 * - third `http://127.0.0.2:<C>`: a second cross-origin (and cross-site) server for redirect chains.
 * - refused: `http://127.0.0.1:<D>` where nothing listens (the port was bound once, then released).
 *
 * Every server dispatches `/s/<scenarioId>` to the scenario's `options` handler for OPTIONS and to its
 * `actual` handler for every other method, and appends what it received to a shared log, so tests can
 * check what went on the wire (e.g. that the actual request was never sent after a failed preflight).
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createNetServer } from 'node:net';

export type ServerName = 'page' | 'api' | 'third';

export interface Origins {
  /** Origin of the page that calls fetch(), e.g. `http://127.0.0.1:41234`. */
  page: string;
  /** Cross-origin API, same host (same site) as the page, other port. */
  api: string;
  /** Another cross-origin server on 127.0.0.2 (cross-site), for redirect chains. */
  third: string;
  /** An origin where nothing listens: connections are refused. */
  refused: string;
}

/** Headers to send: a value array sends one header line per item (Node keeps duplicates). */
export type ReplyHeaders = Readonly<Record<string, string | number | readonly string[]>>;

export interface HandlerContext {
  server: ServerName;
  scenarioId: string;
  req: IncomingMessage;
  res: ServerResponse;
  /** Absolute URL of this request on this server (query string included). */
  url: URL;
  origins: Origins;
  /** Value of the request's Origin header, or null. */
  origin: string | null;
  /** Send a complete response: status, headers (arrays give repeated lines), body (default `ok`). */
  send(status: number, headers?: ReplyHeaders, body?: string): void;
  /** Write these exact bytes on the socket (status line, headers, body) and close the connection. */
  raw(bytes: string): void;
  /** Close the connection without any response (the browser sees an empty response / reset). */
  destroy(): void;
}

export type Handler = (ctx: HandlerContext) => void | Promise<void>;

export interface Route {
  id: string;
  /** Handler for OPTIONS. When absent: 404 with no CORS headers. */
  options?: Handler;
  /** Handler for every other method. */
  actual: Handler;
}

export interface LoggedRequest {
  /** Monotonic sequence number across all servers. */
  seq: number;
  server: ServerName;
  scenarioId: string | null;
  method: string;
  /** Path plus query string as received. */
  target: string;
  /** Value of the `t` query parameter (the per-run tag that makes the URL unique), or null. */
  tag: string | null;
  headers: IncomingHttpHeaders;
  /** Raw header pairs in wire order, names as sent. */
  rawHeaders: [string, string][];
  bodyLength: number;
}

export interface Servers {
  origins: Origins;
  /** Everything any server received, in arrival order. */
  log: LoggedRequest[];
  /** Log entries whose URL carries `?t=<tag>`. */
  requestsFor(tag: string): LoggedRequest[];
  close(): Promise<void>;
}

export interface StartOptions {
  routes: Iterable<Route>;
  /** Host of the third server (default 127.0.0.2). Must be loopback. */
  thirdHost?: string;
}

const PAGE_HTML = '<!doctype html><html><head><meta charset="utf-8"><title>cors-lens e2e page</title></head><body></body></html>';
const MAX_BODY = 1 << 20;

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    out.push([raw[i] ?? '', raw[i + 1] ?? '']);
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<number> {
  let length = 0;
  for await (const chunk of req) {
    length += (chunk as Buffer).length;
    if (length > MAX_BODY) {
      req.socket.destroy();
      break;
    }
  }
  return length;
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A loopback port with nothing listening on it: bind an ephemeral port, then release it. */
async function refusedPort(): Promise<number> {
  const probe = createNetServer();
  const port = await new Promise<number>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve((probe.address() as AddressInfo).port));
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startServers(options: StartOptions): Promise<Servers> {
  const routes = new Map<string, Route>();
  for (const route of options.routes) {
    if (routes.has(route.id)) throw new Error(`duplicate route id ${route.id}`);
    routes.set(route.id, route);
  }
  const thirdHost = options.thirdHost ?? '127.0.0.2';
  if (!thirdHost.startsWith('127.')) throw new Error(`third host must be loopback, got ${thirdHost}`);

  const log: LoggedRequest[] = [];
  let seq = 0;
  const origins: Origins = { page: '', api: '', third: '', refused: '' };

  const make = (name: ServerName, host: string): { server: Server; sockets: Set<Socket>; host: string } => {
    const sockets = new Set<Socket>();
    const server = createServer((req, res) => {
      void handle(name, host, req, res);
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    // Keep idle keep-alive connections short so close() never waits long.
    server.keepAliveTimeout = 2_000;
    return { server, sockets, host };
  };

  const handle = async (name: ServerName, host: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const match = /^\/s\/([^/]+)$/.exec(url.pathname);
    const scenarioId = match?.[1] ? decodeURIComponent(match[1]) : null;
    const entry: LoggedRequest = {
      seq: ++seq,
      server: name,
      scenarioId,
      method,
      target: req.url ?? '/',
      tag: url.searchParams.get('t'),
      headers: req.headers,
      rawHeaders: pairs(req.rawHeaders),
      bodyLength: 0,
    };
    log.push(entry);
    try {
      entry.bodyLength = await readBody(req);
    } catch {
      return;
    }
    if (req.socket.destroyed) return;

    if (name === 'page' && url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(PAGE_HTML);
      return;
    }
    const route = scenarioId === null ? undefined : routes.get(scenarioId);
    if (!route || scenarioId === null) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('no such scenario');
      return;
    }
    const ctx: HandlerContext = {
      server: name,
      scenarioId,
      req,
      res,
      url,
      origins,
      origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
      send(status, headers = {}, body = 'ok') {
        const out: OutgoingHttpHeaders = { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' };
        for (const [name, value] of Object.entries(headers)) out[name] = typeof value === 'object' ? [...value] : value;
        res.writeHead(status, out);
        res.end(body);
      },
      raw(bytes) {
        req.socket.end(bytes, 'latin1');
      },
      destroy() {
        req.socket.destroy();
      },
    };
    const handler = method === 'OPTIONS' ? route.options : route.actual;
    try {
      if (handler) {
        await handler(ctx);
      } else {
        ctx.send(404, {}, 'no OPTIONS handler');
      }
    } catch (error) {
      if (!res.headersSent && !req.socket.destroyed) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`handler error: ${String(error)}`);
      }
    }
  };

  const all = [make('page', '127.0.0.1'), make('api', '127.0.0.1'), make('third', thirdHost)];
  const started: typeof all = [];
  try {
    for (const s of all) {
      const port = await listen(s.server, s.host);
      started.push(s);
      const origin = `http://${s.host}:${port}`;
      if (s === all[0]) origins.page = origin;
      else if (s === all[1]) origins.api = origin;
      else origins.third = origin;
    }
    origins.refused = `http://127.0.0.1:${await refusedPort()}`;
  } catch (error) {
    await Promise.all(started.map((s) => closeServer(s.server, s.sockets)));
    throw error;
  }

  return {
    origins,
    log,
    requestsFor(tag) {
      return log.filter((e) => e.tag === tag);
    },
    async close() {
      await Promise.all(all.map((s) => closeServer(s.server, s.sockets)));
    },
  };
}
