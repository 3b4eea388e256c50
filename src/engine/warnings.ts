/** Non-blocking findings on traffic the browser allowed: things that work now but are risky or fragile. */
import type { HeaderList } from '../http/headers.js';
import { count, get, splitList } from '../http/headers.js';
import { makeFinding } from '../catalogue/finding.js';
import type { Finding, ObservedResponse, ResponseKind } from './types.js';
import type { MaxAge } from './max-age.js';
import type { Profile } from './profile.js';

const CORS_RESPONSE_HEADERS = [
  'access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods',
  'access-control-allow-headers', 'access-control-max-age', 'access-control-expose-headers',
];

const WILDCARD_HEADERS = ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-expose-headers'];

function listHasStar(value: string | null): boolean {
  return value !== null && value.split(',').some((x) => x.trim() === '*');
}

export interface AllowedContext {
  hop: number;
  originSent: string;
  include: boolean;
  /** A second answer of the same server to a foreign Origin (the CLI's probe), if any. */
  probe?: { origin: string; response: ObservedResponse } | undefined;
}

export function responseWarnings(res: ObservedResponse, side: ResponseKind, ctx: AllowedContext): Finding[] {
  const out: Finding[] = [];
  const h = res.headers;
  const acao = get(h, 'access-control-allow-origin');
  const acac = get(h, 'access-control-allow-credentials');
  const base = { hop: ctx.hop, response: side };
  if (acao === 'null') {
    out.push(makeFinding('null-origin-allowed', { ...base, header: 'access-control-allow-origin', observed: acao, required: null }));
  }
  if (acao !== null && acao !== '*' && !variesByOrigin(h)) {
    out.push(makeFinding('missing-vary-origin', { ...base, header: 'vary', observed: get(h, 'vary'), required: 'Origin' }));
  }
  if (acac === 'true') {
    // Works only while the page sends no credentials; with them, `*` is refused or read literally.
    const starred = WILDCARD_HEADERS.find((name) => name === 'access-control-allow-origin' ? acao === '*' : listHasStar(get(h, name)));
    if (starred) out.push(makeFinding('wildcard-with-credentials-header', { ...base, header: starred, observed: get(h, starred), required: null }));
  }
  for (const name of CORS_RESPONSE_HEADERS) {
    if (count(h, name) > 1) {
      out.push(makeFinding('duplicate-cors-header', { ...base, header: name, parameter: name, observed: get(h, name) }));
    }
  }
  const p = ctx.probe;
  if (p && side !== 'preflight') {
    const probeAcao = get(p.response.headers, 'access-control-allow-origin');
    const probeAcac = get(p.response.headers, 'access-control-allow-credentials');
    if (probeAcao === p.origin && probeAcac === 'true') {
      out.push(makeFinding('reflected-origin-with-credentials', {
        ...base, header: 'access-control-allow-origin', parameter: p.origin, observed: probeAcao, required: null,
        detail: `Asked with Origin "${p.origin}", the server answered Access-Control-Allow-Origin "${probeAcao}" with credentials allowed: it echoes any origin.`,
      }));
    }
  }
  return out;
}

/** Whether `Vary` covers Origin (`*` does too): caches then keep one answer per origin. */
export function variesByOrigin(h: HeaderList): boolean {
  const v = get(h, 'vary');
  return v !== null && splitList(v).some((x) => x === '*' || x.toLowerCase() === 'origin');
}

export function maxAgeWarnings(m: MaxAge, profile: Profile, hop: number): Finding[] {
  const base = { hop, response: 'preflight' as const, header: 'access-control-max-age', observed: m.raw };
  if (m.raw !== null && !m.valid) {
    return [makeFinding('invalid-max-age', { ...base, required: 'delta-seconds', detail: `Access-Control-Max-Age is "${m.raw}", not a number of seconds; ${profile.id} caches the preflight for ${m.seconds} s.` })];
  }
  if (m.clamped) {
    return [makeFinding('long-max-age', { ...base, required: String(profile.maxAgeCap), detail: `Access-Control-Max-Age is ${m.raw} s; ${profile.id} caps it at ${profile.maxAgeCap} s.` })];
  }
  return [];
}
