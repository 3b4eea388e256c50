/** One HTTP exchange, no redirects followed, raw header lines kept (duplicates matter to CORS). */
import http from 'node:http';
import https from 'node:https';
import type { HeaderList, HeaderPair } from '../http/headers.js';

export interface WireRequest {
  url: string;
  method: string;
  headers: HeaderList;
  body: string | null;
  timeoutMs: number;
  insecure: boolean;
}

export type WireResult = { ok: true; status: number; headers: HeaderPair[] } | { ok: false; error: string };

/** Bodies are read (so the socket is freed) but only up to this much is kept; CORS never needs it. */
const BODY_LIMIT = 1 << 20;

export function send(req: WireRequest): Promise<WireResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: WireResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      finish({ ok: false, error: 'ERR_INVALID_URL' });
      return;
    }
    const lib = url.protocol === 'https:' ? https : http;
    // Raw pairs keep order and duplicates; Node then adds no Host of its own, so we do.
    const headers: string[] = ['Host', url.host];
    for (const [n, v] of req.headers) headers.push(n, v);
    if (req.body !== null) headers.push('Content-Length', String(Buffer.byteLength(req.body)));
    let r: http.ClientRequest;
    try {
      r = lib.request(url, {
        method: req.method,
        headers,
        agent: false,
        // Browsers tolerate odd bytes in header values (Chromium only rejects NUL, CR, LF); so do we,
        // so that a hostile or sloppy server is diagnosed, not reported as a transport failure.
        insecureHTTPParser: true,
        ...(url.protocol === 'https:' ? { rejectUnauthorized: !req.insecure } : {}),
      });
    } catch (e) {
      finish({ ok: false, error: errorCode(e) });
      return;
    }
    r.setTimeout(req.timeoutMs, () => r.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    r.on('error', (e) => finish({ ok: false, error: errorCode(e) }));
    r.on('response', (res) => {
      const raw = res.rawHeaders;
      const pairs: HeaderPair[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] ?? '', raw[i + 1] ?? '']);
      let seen = 0;
      res.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > BODY_LIMIT) res.destroy();
      });
      const done = () => finish({ ok: true, status: res.statusCode ?? 0, headers: pairs });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    if (req.body !== null) r.write(req.body);
    r.end();
  });
}

function errorCode(e: unknown): string {
  if (e && typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(e);
}
