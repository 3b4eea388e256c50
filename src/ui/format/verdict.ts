/**
 * The detail view's one-sentence verdict, in plain words, and for failures the "what really
 * happened" line. Values from the network are quoted as plain text (the view renders text only).
 */
import { codeInfo, type FindingCode } from '../../catalogue/codes.js';
import { TEXTS } from '../../catalogue/texts.js';
import type { Finding } from '../../engine/types.js';
import type { ReportEntry } from '../../report/types.js';
import { hostOf } from './url.js';

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const q = (v: string | null): string => (v === null ? 'nothing' : `"${v}"`);

/** Status of the response the finding is about (preflight or actual), when there was one. */
export function statusFor(e: ReportEntry, f: Finding): number | null {
  if (f.response === 'preflight') return e.preflight?.status ?? null;
  return e.response?.status ?? null;
}

type Sentence = (f: Finding, e: ReportEntry) => string;

const PF = "The server's preflight answer";

const SENTENCES: Partial<Record<FindingCode, Sentence>> = {
  'method-not-allowed': (f, e) => `${PF} does not allow the ${f.parameter || f.required || e.method} method.`,
  'header-not-allowed': (f) => `${PF} does not allow the request header ${q(f.parameter || f.required)}.`,
  'invalid-allow-methods': (f) => `${PF} lists methods the browser cannot parse (Access-Control-Allow-Methods: ${q(f.observed)}).`,
  'invalid-allow-headers': (f) => `${PF} lists headers the browser cannot parse (Access-Control-Allow-Headers: ${q(f.observed)}).`,
  'preflight-missing-allow-origin': () => `${PF} does not allow this origin: it has no Access-Control-Allow-Origin header.`,
  'preflight-error-response-without-cors': (f, e) => `The server answered the preflight with ${statusFor(e, f) ?? 'an error'} and no CORS headers.`,
  'preflight-wildcard-origin-with-credentials': () => `${PF} allows any origin (*), which browsers refuse for a request with credentials.`,
  'preflight-multiple-allow-origin': () => `${PF} has more than one Access-Control-Allow-Origin value; only one is allowed.`,
  'preflight-invalid-allow-origin': (f) => `${PF} names ${q(f.observed)} as the allowed origin, which is not a valid origin.`,
  'preflight-allow-origin-mismatch': (f) => `${PF} allows the origin ${q(f.observed)}, but the request comes from ${q(f.required)}.`,
  'preflight-invalid-allow-credentials': () => `${PF} does not allow credentials (Access-Control-Allow-Credentials must be "true").`,
  'preflight-invalid-status': (f) => `The server answered the preflight with status ${f.observed ?? '?'}; a preflight needs a 2xx answer.`,
  'preflight-redirect': () => 'The server answered the preflight with a redirect, and preflights must not redirect.',
  'invalid-response': () => 'The preflight failed without a usable response.',
  'missing-allow-origin': (f) =>
    f.response === 'redirect'
      ? "The server's redirect does not allow this origin: it has no Access-Control-Allow-Origin header."
      : "The server's response does not allow this origin: it has no Access-Control-Allow-Origin header.",
  'error-response-without-cors': (f, e) => `The server answered ${statusFor(e, f) ?? 'with an error'} without CORS headers.`,
  'wildcard-origin-with-credentials': () => 'The server allows any origin (*), which browsers refuse for a request with credentials.',
  'multiple-allow-origin': () => "The server's response has more than one Access-Control-Allow-Origin value; only one is allowed.",
  'invalid-allow-origin': (f) => `The server names ${q(f.observed)} as the allowed origin, which is not a valid origin.`,
  'allow-origin-mismatch': (f) => `The server allows the origin ${q(f.observed)}, but the request comes from ${q(f.required)}.`,
  'invalid-allow-credentials': () => 'The request carries credentials, but the server does not allow them (Access-Control-Allow-Credentials must be "true").',
  'redirect-contains-credentials': () => 'The request was redirected to a URL with a username or password in it, which browsers refuse.',
  'not-captured': () => 'The browser failed this request before CORS Lens was watching this tab closely: reload to see why.',
  'unexplained-block': () => 'The browser blocked this request, although the headers CORS Lens saw allow it.',
};

/** Codes where the request never had a CORS answer: the network (or the browser) failed it. */
export function isNetworkFailure(code: FindingCode): boolean {
  const t = codeInfo(code).fixTarget;
  return t === 'network' || code === 'blocked-by-client' || code === 'too-many-redirects' || code === 'unsafe-redirect';
}

/** The network error behind a failure: the finding's own (it may be the preflight's), else the entry's. */
function networkError(e: ReportEntry, f: Finding): string | null {
  return f.observed || f.parameter || e.error || null;
}

/** How long an open request has been open, in words ("45 s", "3 min 10 s"), or null when it ended. */
export function openFor(e: ReportEntry, now: number): string | null {
  if (!e.progress) return null;
  const s = Math.max(0, Math.round((now - e.startedAt) / 1000));
  const since = s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  switch (e.progress) {
    case 'open':
      return e.verdict === 'pending' ? `Open for ${since}, waiting for the response.` : `Open for ${since}: the response started (its headers were judged), its body is still arriving.`;
    case 'stalled':
      return `Open for ${since} with no response and no news.`;
    case 'unfinished':
      return `Started ${since} ago; its end was never seen.`;
  }
}

export function verdictSentence(e: ReportEntry): string {
  const f = e.reasons[0];
  if (e.requestMode === 'no-cors' && e.verdict !== 'pending') {
    return `Not a CORS request (a ${e.type.replace('_', ' ')} load, which CORS does not check): it ${e.verdict === 'failed' ? 'failed' : 'loaded'}, through a proxy.`;
  }
  switch (e.verdict) {
    case 'pending':
      if (e.progress === 'unfinished') return 'Its end was never seen: CORS Lens stopped waiting for it (no response, no error).';
      if (e.progress === 'stalled') return 'No response yet, and no news for a while: the server may be slow, or the request stuck.';
      return 'The request has not finished yet.';
    case 'allowed': {
      const n = e.warnings.length;
      return n === 0 ? 'The server allows this cross-origin request.' : `The server allows this cross-origin request, with ${n} warning${n === 1 ? '' : 's'}.`;
    }
  }
  if (!f) return e.verdict === 'failed' ? `The request failed${e.error ? ` (${e.error})` : ''}.` : 'The browser blocked this request.';
  const make = SENTENCES[f.code];
  if (make) return make(f, e);
  if (isNetworkFailure(f.code)) {
    const host = hostOf(e.finalUrl || e.url);
    const err = networkError(e, f);
    return `${cap(TEXTS[f.code].title)}${host ? ` (${host})` : ''}: the request failed on the network${err ? ` with ${err}` : ''}.`;
  }
  return `${cap(TEXTS[f.code].title)}.`;
}

/** For failures that look like CORS but are something else: what really happened, else null. */
export function whatHappened(e: ReportEntry): string | null {
  const f = e.reasons[0];
  if (!f) return null;
  if (f.code === 'error-response-without-cors' || f.code === 'preflight-error-response-without-cors') {
    const status = statusFor(e, f);
    const which = f.code === 'preflight-error-response-without-cors' ? 'the preflight with ' : '';
    return `The server answered ${which}${status ?? 'an error'}; error responses carry no CORS headers, so the browser also reports CORS. Fix the error first.`;
  }
  if (isNetworkFailure(f.code)) {
    const err = networkError(e, f);
    return `No CORS check took place: the request failed on the network${err ? ` (${err})` : ''}. The page still sees "Failed to fetch", like a CORS error.`;
  }
  return null;
}
