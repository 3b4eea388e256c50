/**
 * Public CORS proxy detection (issue #5): the shapes the report, the panel and the CLI share.
 * `ProxyInfo` is the report entry's `proxy` field: a public contract, change only by adding.
 */
import type { HeaderPair } from '../http/headers.js';

/** Stable risk codes (the panel explains each; scripts may match on them). */
export type ProxyRisk =
  /** Always: the operator reads (and can alter) every request and response. */
  | 'third-party-sees-traffic'
  /** Authorization, cookies, API-key-looking headers or query values go to the proxy. */
  | 'sends-credentials'
  /** The proxy sets cookies: one jar shared by every site proxied through it. */
  | 'sets-cookies'
  /** Access-Control-Allow-Credentials: true on a proxy. */
  | 'allows-credentials'
  /** Script, HTML or JSONP fetched through it: the proxy can run code in the page. */
  | 'executable-content'
  /** The target is on a private or loopback network: the SSRF shape. */
  | 'private-target'
  /** Known shutdowns, rate limits, paid-only or changed terms. */
  | 'unreliable-service';

export interface ProxyInfo {
  /** `known`: a catalogued public service; `suspected`: an unknown host whose URL or headers look like a proxy. */
  kind: 'known' | 'suspected';
  /** The catalogue's service name, or null when not known. */
  service: string | null;
  /** The target URL extracted and decoded, or null when it could not be found (e.g. sent in a header). */
  target: string | null;
  /** Stable codes, in ProxyRisk declaration order, no duplicates. */
  risks: ProxyRisk[];
}

/** What detection looks at: one request as the background or the CLI saw it. */
export interface ProxyInput {
  /** The URL as first requested. */
  url: string;
  method: string;
  /** webRequest resource type (`xmlhttprequest`, `script`, …), or null when unknown (CLI). */
  type: string | null;
  /** Serialized origin of the page, 'null', or null when unknown. */
  initiator: string | null;
  /** The request headers as sent (may be empty: light capture does not see them). */
  requestHeaders: readonly HeaderPair[];
  /** The final response, or null when none arrived. */
  response: { status: number; headers: readonly HeaderPair[] } | null;
}
