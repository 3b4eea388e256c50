/**
 * Small shared pieces of the proxy e2e servers: the log of what reached any of them, CORS answers in
 * the styles public proxies use (`*`, or the origin reflected with credentials allowed), and a
 * dispatcher on the Host header so one loopback server can play many named hosts.
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export interface Hit {
  /** Which server answered: 'tls' (public look-alikes), 'page', 'relay-target'. */
  server: string;
  /** Host name the request was addressed to (Host header, port removed). */
  host: string;
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
}

export class HitLog {
  readonly hits: Hit[] = [];

  add(server: string, req: IncomingMessage): Hit {
    const hit: Hit = { server, host: hostOf(req), method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    // Bounded: a runaway page cannot grow the log without limit.
    if (this.hits.length < 10_000) this.hits.push(hit);
    return hit;
  }

  /** Requests whose path or query carries `tag` (tags are [a-z0-9-]: the same encoded or not). */
  withTag(tag: string): Hit[] {
    return this.hits.filter((h) => h.url.includes(tag));
  }
}

/** The Host header's name, lower-cased, without the port. */
export function hostOf(req: IncomingMessage): string {
  const host = (req.headers.host ?? '').toLowerCase();
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
}

export function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : null;
}

/** Complete a response; never cached (every case uses its own URL, but a cached answer would hide a request). */
export function send(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string | Buffer = ''): void {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

/** Permissive CORS as most public proxies send it: any origin, no credentials. */
export function corsAny(req: IncomingMessage): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': '*' };
  return withPreflight(req, out);
}

/** The dangerous style: the caller's origin reflected and credentials allowed. */
export function corsReflectCredentials(req: IncomingMessage): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {
    'Access-Control-Allow-Origin': header(req, 'origin') ?? '*',
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
  return withPreflight(req, out);
}

/** On a preflight, allow exactly what was asked (method and headers reflected), as cors-anywhere does. */
function withPreflight(req: IncomingMessage, out: OutgoingHttpHeaders): OutgoingHttpHeaders {
  if (req.method !== 'OPTIONS') return out;
  const method = header(req, 'access-control-request-method');
  const headers = header(req, 'access-control-request-headers');
  if (method !== null) out['Access-Control-Allow-Methods'] = method;
  if (headers !== null) out['Access-Control-Allow-Headers'] = headers;
  return out;
}

/** A virtual host: gets the parsed URL (absolute, on its own host). */
export type VirtualHost = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/**
 * One request handler for many named hosts. `hosts` keys are exact names or `*.suffix` wildcards.
 * Unknown hosts get 421 Misdirected Request: nothing is ever fetched on anyone's behalf.
 */
export function virtualHosts(server: string, log: HitLog, hosts: ReadonlyMap<string, VirtualHost>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const hit = log.add(server, req);
    const handler = hosts.get(hit.host) ?? [...hosts].find(([name]) => name.startsWith('*.') && hit.host.endsWith(name.slice(1)))?.[1];
    // Requests have no body worth keeping; drain it so the connection can be reused.
    req.resume();
    if (handler === undefined) {
      send(res, 421, { 'Content-Type': 'text/plain' }, `no virtual host ${hit.host}`);
      return;
    }
    try {
      handler(req, res, new URL(hit.url, `https://${hit.host}`));
    } catch (error) {
      if (!res.headersSent) send(res, 500, { 'Content-Type': 'text/plain' }, `handler error: ${String(error)}`);
    }
  };
}
