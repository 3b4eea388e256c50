/**
 * `cors-lens check`: plays the browser. It asks the engine what the next step is (the engine's
 * per-hop analysis says whether CORS applies, which Origin to send and whether a preflight is
 * needed), performs it on the wire, records what came back, and repeats until a verdict.
 */
import type { HeaderList, HeaderPair } from '../http/headers.js';
import { get, has } from '../http/headers.js';
import { resolveUrl } from '../http/origin.js';
import { isForbiddenRequestHeader } from '../engine/safelist.js';
import { diagnose } from '../engine/diagnose.js';
import { compareBrowsers } from '../engine/compare.js';
import { isRedirect } from '../engine/preflight-check.js';
import { profileFor } from '../engine/profile.js';
import type { BrowserId, Diagnosis, Exchange, Finding, Hop, ObservedResponse, Verdict } from '../engine/types.js';
import type { FindingCode } from '../catalogue/codes.js';
import { makeFinding } from '../catalogue/finding.js';
import type { CheckArgs } from './args.js';
import { detectProxy } from '../proxy/detect.js';
import type { ProxyInfo } from '../proxy/types.js';
import type { WireRequest, WireResult } from './http-client.js';

export interface SentRequest {
  kind: 'preflight' | 'actual' | 'probe';
  method: string;
  url: string;
  headers: HeaderPair[];
  body: string | null;
  status: number | null;
  error: string | null;
}

export interface CheckReport {
  verdict: Verdict;
  browser: BrowserId;
  reasons: Finding[];
  warnings: Finding[];
  credentials: Diagnosis['credentials'];
  preflight: {
    needed: boolean;
    method: string | null;
    headers: string[];
    headerReasons: Diagnosis['hops'][number]['preflight']['headerReasons'];
    request: { method: string; url: string; headers: HeaderPair[] } | null;
    status: number | null;
    responseHeaders: HeaderList | null;
    maxAge: number | null;
    error: string | null;
  } | null;
  response: { status: number; headers: HeaderList } | null;
  redirects: { status: number; location: string }[];
  hops: Diagnosis['hops'];
  exposure: Diagnosis['exposure'];
  serverError: number | null;
  otherBrowsers: Record<BrowserId, { verdict: Verdict; code: FindingCode | null }>;
  requests: SentRequest[];
  /** Addition (issue #5): the CORS proxy the URL goes through, or null. */
  proxy: ProxyInfo | null;
}

export type Sender = (req: WireRequest) => Promise<WireResult>;

const PROBE_ORIGIN = 'https://cors-lens-probe.invalid';
const MAX_HOPS = 21;
const USER_AGENT = 'cors-lens';

export async function runCheck(args: CheckArgs, send: Sender): Promise<CheckReport> {
  const profile = profileFor(args.browser);
  const notes: Finding[] = [];
  // What the page may set: forbidden names are dropped by browsers; Cookie stands for the
  // browser's own cookies when --credentials says they are sent.
  const author: HeaderPair[] = [];
  const credentialHeaders: HeaderPair[] = [];
  for (const [n, v] of args.headers) {
    if (args.credentials && (n.toLowerCase() === 'cookie')) credentialHeaders.push([n, v]);
    else if (isForbiddenRequestHeader(n, v)) notes.push(makeFinding('forbidden-request-header', { parameter: n.toLowerCase(), header: n.toLowerCase(), observed: v }));
    else author.push([n, v]);
  }
  const ex: Exchange = {
    origin: args.origin,
    method: args.method,
    headers: author,
    credentials: args.credentials ? 'include' : 'same-origin',
    hops: [{ url: args.url }],
  };
  const requests: SentRequest[] = [];
  const exchange = async (kind: SentRequest['kind'], method: string, url: string, headers: HeaderPair[], body: string | null) => {
    const r = await send({ url, method, headers, body, timeoutMs: args.timeoutMs, insecure: args.insecure });
    requests.push({ kind, method, url, headers, body, status: r.ok ? r.status : null, error: r.ok ? null : r.error });
    return r;
  };

  let d = diagnose(ex, profile);
  for (let step = 0; d.verdict === 'pending' && step < MAX_HOPS * 2; step++) {
    const i = ex.hops.length - 1;
    const hop = ex.hops[i] as Hop;
    const a = d.hops[i];
    if (!a) break;
    if (a.cors && a.preflight.needed && !hop.preflight) {
      const h: HeaderPair[] = [['Accept', '*/*'], ['Access-Control-Request-Method', a.method]];
      if (a.preflight.headers.length > 0) h.push(['Access-Control-Request-Headers', a.preflight.headers.join(',')]);
      h.push(['Origin', a.originSent ?? args.origin], ['User-Agent', USER_AGENT]);
      const r = await exchange('preflight', 'OPTIONS', a.url, h, null);
      hop.preflight = r.ok ? { kind: 'sent', requestHeaders: h, response: { status: r.status, headers: r.headers } } : { kind: 'error', error: r.error };
      d = diagnose(ex, profile);
      continue;
    }
    const h: HeaderPair[] = [...a.requestHeaders];
    if (a.cors) h.push(['Origin', a.originSent ?? args.origin]);
    if (!has(h, 'accept')) h.push(['Accept', '*/*']);
    h.push(['User-Agent', USER_AGENT], ...credentialHeaders);
    const body = a.method === 'GET' || a.method === 'HEAD' ? null : args.data;
    const r = await exchange('actual', a.method, a.url, h, body);
    if (!r.ok) {
      hop.error = r.error;
    } else {
      hop.response = { status: r.status, headers: r.headers };
      const location = get(r.headers, 'location');
      if (isRedirect(hop.response) && location !== null && ex.hops.length < MAX_HOPS + 1) {
        ex.hops.push({ url: resolveUrl(location, a.url) });
      }
    }
    d = diagnose(ex, profile);
  }

  if (args.probe && d.verdict === 'allowed') {
    const probe = await probeReflection(ex, d, exchange);
    if (probe) {
      ex.probe = probe;
      d = diagnose(ex, profile);
    }
  }

  const cmp = compareBrowsers(ex, args.browser);
  const last = d.hops.length - 1;
  let pfHop = -1;
  for (let i = ex.hops.length - 1; i >= 0; i--) if (ex.hops[i]?.preflight) { pfHop = i; break; }
  const pf = pfHop >= 0 ? ex.hops[pfHop]?.preflight : undefined;
  const pfAnalysis = d.hops[pfHop >= 0 ? pfHop : last];
  const final = ex.hops[ex.hops.length - 1];
  const sentPreflight = requests.filter((r) => r.kind === 'preflight').at(-1);
  return {
    verdict: d.verdict,
    browser: args.browser,
    reasons: d.reasons,
    warnings: [...notes, ...d.warnings],
    credentials: d.credentials,
    preflight: pfAnalysis && pfAnalysis.cors ? {
      needed: pfAnalysis.preflight.needed,
      method: pfAnalysis.preflight.method,
      headers: pfAnalysis.preflight.headers,
      headerReasons: pfAnalysis.preflight.headerReasons,
      request: sentPreflight ? { method: 'OPTIONS', url: sentPreflight.url, headers: sentPreflight.headers } : null,
      status: pf?.kind === 'sent' ? pf.response.status : null,
      responseHeaders: pf?.kind === 'sent' ? pf.response.headers : null,
      maxAge: pfAnalysis.maxAge,
      error: pf?.kind === 'error' ? pf.error : null,
    } : null,
    response: final?.response ? { status: final.response.status, headers: final.response.headers } : null,
    redirects: redirectsOf(ex),
    hops: d.hops,
    exposure: d.exposure,
    serverError: d.serverError,
    otherBrowsers: cmp.outcomes,
    requests,
    proxy: detectProxy({
      url: args.url,
      method: args.method,
      type: null,
      initiator: args.origin,
      requestHeaders: requests.find((r) => r.kind === 'actual')?.headers ?? [...author, ...credentialHeaders],
      response: final?.response ? { status: final.response.status, headers: final.response.headers } : null,
    }),
  };
}

function redirectsOf(ex: Exchange): { status: number; location: string }[] {
  const out: { status: number; location: string }[] = [];
  for (let i = 0; i + 1 < ex.hops.length; i++) {
    const res = ex.hops[i]?.response;
    const next = ex.hops[i + 1];
    if (res && next) out.push({ status: res.status, location: next.url });
  }
  return out;
}

type ExchangeFn = (kind: SentRequest['kind'], method: string, url: string, headers: HeaderPair[], body: string | null) => Promise<WireResult>;

/**
 * Asks the server once more as a foreign origin. Only side-effect-free requests are used: the
 * preflight (OPTIONS) when the request is preflighted, else the same GET/HEAD; never a POST.
 */
async function probeReflection(ex: Exchange, d: Diagnosis, exchange: ExchangeFn): Promise<Exchange['probe'] | null> {
  const a = d.hops[d.hops.length - 1];
  const res = ex.hops[ex.hops.length - 1]?.response;
  if (!a || !res) return null;
  const acao = get(res.headers, 'access-control-allow-origin');
  if (acao === null || acao === '*' || acao === 'null') return null;
  let r: WireResult;
  if (a.preflight.needed) {
    const h: HeaderPair[] = [['Accept', '*/*'], ['Access-Control-Request-Method', a.method], ['Origin', PROBE_ORIGIN], ['User-Agent', USER_AGENT]];
    if (a.preflight.headers.length > 0) h.push(['Access-Control-Request-Headers', a.preflight.headers.join(',')]);
    r = await exchange('probe', 'OPTIONS', a.url, h, null);
  } else if (a.method === 'GET' || a.method === 'HEAD') {
    r = await exchange('probe', a.method, a.url, [...a.requestHeaders, ['Origin', PROBE_ORIGIN], ['User-Agent', USER_AGENT]], null);
  } else {
    return null;
  }
  if (!r.ok) return null;
  const response: ObservedResponse = { status: r.status, headers: r.headers };
  return { origin: PROBE_ORIGIN, response };
}
