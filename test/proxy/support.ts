/** Builders for proxy-detection inputs: short to write, explicit about what varies. */
import type { HeaderPair } from '../../src/http/headers.js';
import type { ProxyInput } from '../../src/proxy/types.js';

export const PAGE = 'https://app.example.org';

export interface InputSpec {
  method?: string;
  type?: string | null;
  initiator?: string | null;
  headers?: Record<string, string>;
  status?: number;
  response?: Record<string, string> | null;
}

function pairs(h: Record<string, string>): HeaderPair[] {
  return Object.entries(h).map(([n, v]) => [n, v] as const);
}

/** A fetch from PAGE with a 200 response carrying `response` headers (no response when null). */
export function input(url: string, spec: InputSpec = {}): ProxyInput {
  const response = spec.response === null ? null : { status: spec.status ?? 200, headers: pairs(spec.response ?? {}) };
  return {
    url,
    method: spec.method ?? 'GET',
    type: spec.type === undefined ? 'xmlhttprequest' : spec.type,
    initiator: spec.initiator === undefined ? PAGE : spec.initiator,
    requestHeaders: pairs(spec.headers ?? {}),
    response,
  };
}
