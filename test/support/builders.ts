/** Builders for engine inputs: short to write, explicit about what varies. */
import type { HeaderPair } from '../../src/http/headers.js';
import type { CredentialsMode, Exchange, Hop, ObservedResponse, PreflightObservation } from '../../src/engine/types.js';

export const PAGE = 'https://app.example';
export const API = 'https://api.example/items';

export function res(status: number, headers: Record<string, string | string[]> = {}): ObservedResponse {
  const list: HeaderPair[] = [];
  for (const [n, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) list.push([n, one]);
  return { status, headers: list };
}

export function sent(response: ObservedResponse): PreflightObservation {
  return { kind: 'sent', response };
}

/** CORS headers that let PAGE in. */
export function allow(extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return { 'Access-Control-Allow-Origin': PAGE, ...extra };
}

export interface ExchangeSpec {
  origin?: string;
  method?: string;
  headers?: Record<string, string>;
  credentials?: CredentialsMode;
  hops?: Hop[];
  /** Shorthand for a single hop. */
  url?: string;
  preflight?: PreflightObservation;
  response?: ObservedResponse;
  error?: string;
  wireHeaders?: Record<string, string>;
  browserFailed?: boolean;
  mode?: Exchange['mode'];
}

export function exchange(spec: ExchangeSpec = {}): Exchange {
  const hop: Hop = { url: spec.url ?? API };
  if (spec.preflight) hop.preflight = spec.preflight;
  if (spec.response) hop.response = spec.response;
  if (spec.error) hop.error = spec.error;
  return {
    origin: spec.origin ?? PAGE,
    method: spec.method ?? 'GET',
    headers: Object.entries(spec.headers ?? {}),
    credentials: spec.credentials ?? 'omit',
    hops: spec.hops ?? [hop],
    ...(spec.wireHeaders ? { wireHeaders: Object.entries(spec.wireHeaders) } : {}),
    ...(spec.browserFailed !== undefined ? { browserFailed: spec.browserFailed } : {}),
    ...(spec.mode ? { mode: spec.mode } : {}),
  };
}
