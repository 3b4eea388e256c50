/**
 * Look-alikes of CORS proxies for the proxy e2e test (issue #5, research public-cors-proxies.md §3):
 * services whose URLs carry another URL but that do not relay it. Served as virtual hosts of the
 * loopback TLS server under their real names, with canned answers shaped like the real ones; plus the
 * page's own server, whose first-party `/api/proxy?url=` route is the same-site case.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsAny, corsReflectCredentials, header, send, virtualHosts, type HitLog, type VirtualHost } from './http.js';
import { listenEphemeral, type Listening } from './tls.js';

/** A 1×1 transparent PNG (what an image resizer returns, in miniature). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
/** A 1×1 GIF (the classic tracking pixel). */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const HTML = '<!doctype html><html><head><meta charset="utf-8"><title>look-alike</title></head><body>look-alike</body></html>';

/** github.com: the OAuth authorize page (HTML for a top-level navigation, no CORS headers). */
const oauth: VirtualHost = (_req, res) => send(res, 200, { 'Content-Type': 'text/html; charset=utf-8' }, HTML);

/**
 * www.google-analytics.com: `/g/collect` (GA4, answers 204 to beacons and fetches, reflecting the
 * origin with credentials as the real one does) and `/collect` (the pixel).
 */
const analytics: VirtualHost = (req, res, url) => {
  if (req.method === 'OPTIONS') return send(res, 204, corsReflectCredentials(req));
  if (url.pathname === '/collect') return send(res, 200, { 'Content-Type': 'image/gif' }, GIF);
  send(res, 204, header(req, 'origin') === null ? {} : corsReflectCredentials(req));
};

/** wsrv.nl: `/?url=…&w=…&output=png` returns the resized image, readable by any origin. */
const imageResizer: VirtualHost = (req, res) => send(res, 200, { ...corsAny(req), 'Content-Type': 'image/png' }, PNG);

/** web.archive.org: `/web/<timestamp>/<url>` serves the archived page (given ACAO * here, the most proxy-like it can look). */
const archive: VirtualHost = (req, res) => send(res, 200, { ...corsAny(req), 'Content-Type': 'text/html; charset=utf-8' }, HTML);

/** `<host-with-dashes>.translate.goog`: Google Translate's page proxy; the target is in the host name. */
const translate: VirtualHost = (req, res) => send(res, 200, { ...corsAny(req), 'Content-Type': 'text/html; charset=utf-8' }, HTML);

/** l.facebook.com: `/l.php?u=<enc>` redirects (301) to the target, no CORS headers, no body relayed. */
const shortener: VirtualHost = (_req, res, url) => {
  const to = url.searchParams.get('u') ?? 'https://www.facebook.com/';
  send(res, 301, { Location: to, 'Content-Type': 'text/html' }, '');
};

/** noembed.com: `/embed?url=` answers oEmbed JSON about the URL (it passes a URL as data). */
const oembed: VirtualHost = (req, res, url) =>
  send(res, 200, { ...corsAny(req), 'Content-Type': 'application/json' }, JSON.stringify({
    type: 'video', provider_name: 'YouTube', title: 'e2e', url: url.searchParams.get('url'), html: '<iframe></iframe>',
  }));

export const LOOK_ALIKES: ReadonlyMap<string, VirtualHost> = new Map([
  ['github.com', oauth],
  ['www.google-analytics.com', analytics],
  ['wsrv.nl', imageResizer],
  ['web.archive.org', archive],
  ['*.translate.goog', translate],
  ['l.facebook.com', shortener],
  ['noembed.com', oembed],
]);

const PAGE_HTML = '<!doctype html><html><head><meta charset="utf-8"><title>cors-lens proxy e2e</title></head><body></body></html>';

/**
 * The page's own site: `/` is the page that makes every request; `/api/proxy?url=` is a first-party
 * backend proxy (canned answer: it fetches nothing), readable by the same site's other origins.
 */
function firstParty(req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (url.pathname === '/') return send(res, 200, { 'Content-Type': 'text/html; charset=utf-8' }, PAGE_HTML);
  if (url.pathname === '/api/proxy') {
    if (req.method === 'OPTIONS') return send(res, 204, corsReflectCredentials(req));
    const cors = header(req, 'origin') === null ? {} : corsReflectCredentials(req);
    return send(res, 200, { ...cors, 'Content-Type': 'application/json' }, JSON.stringify({ proxiedBy: 'first-party', url: url.searchParams.get('url') }));
  }
  send(res, 404, { 'Content-Type': 'text/plain' }, 'not found');
}

export interface FirstPartySite {
  /** `http://<pageName>:<port>`: the page, and its same-origin /api/proxy. */
  page: string;
  /** `http://<siblingName>:<port>`: another origin of the same site with the same /api/proxy route. */
  sibling: string;
  close(): Promise<void>;
}

/** Two plain-HTTP loopback servers for one site: the page's origin and a same-site sibling origin. */
export async function startFirstPartySite(log: HitLog, pageName: string, siblingName: string): Promise<FirstPartySite> {
  const handler = virtualHosts('page', log, new Map<string, VirtualHost>([[pageName, firstParty], [siblingName, firstParty]]));
  const servers = [createServer(handler), createServer(handler)];
  const listening: Listening[] = [];
  try {
    for (const server of servers) {
      server.keepAliveTimeout = 2_000;
      listening.push(await listenEphemeral(server));
    }
  } catch (error) {
    await Promise.all(listening.map((l) => l.close()));
    throw error;
  }
  const [page, sibling] = listening as [Listening, Listening];
  return {
    page: `http://${pageName}:${page.port}`,
    sibling: `http://${siblingName}:${sibling.port}`,
    close: async () => {
      await Promise.all(listening.map((l) => l.close()));
    },
  };
}
