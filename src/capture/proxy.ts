/**
 * Proxy detection (src/proxy) for captured records: which requests go through a CORS proxy, and
 * which requests outside CORS mode are still worth logging because they do (a script or a frame
 * loaded through a public proxy runs the proxy's code in the page: issue #5).
 */
import { detectProxy } from '../proxy/detect.js';
import type { ProxyInfo, ProxyInput } from '../proxy/types.js';
import { sameOriginString, urlFacts } from '../http/origin.js';
import { fromFlat } from './flat.js';
import type { RequestRecord } from './record.js';

export function proxyInput(rec: RequestRecord): ProxyInput {
  const last = rec.hops[rec.hops.length - 1];
  return {
    url: rec.hops[0]?.url ?? '',
    method: rec.method,
    type: rec.type,
    initiator: rec.initiator,
    requestHeaders: fromFlat(rec.wireHeaders),
    response: last?.status === undefined ? null : { status: last.status, headers: fromFlat(last.headers) },
  };
}

export function proxyOf(rec: RequestRecord): ProxyInfo | null {
  return detectProxy(proxyInput(rec));
}

/**
 * A cross-origin request outside CORS mode (script, style, image, frame) that goes through a
 * proxy. Top-level navigations are the user browsing, not the page using a proxy.
 */
export function proxiedOutsideCors(rec: RequestRecord): boolean {
  if (rec.initiator === null || rec.type === 'main_frame') return false;
  const f = urlFacts(rec.hops[0]?.url ?? '');
  if (!f || sameOriginString(rec.initiator, f.origin)) return false;
  return proxyOf(rec) !== null;
}
