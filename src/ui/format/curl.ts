/**
 * "Copy as curl": the preflight and the actual request, with the headers the browser sent. When the
 * actual request never went out (its preflight failed), it is rebuilt from the preflight's
 * Access-Control-Request-* with placeholder values.
 */
import type { HeaderPair } from '../../http/headers.js';
import { get, splitList } from '../../http/headers.js';
import { shellQuote } from '../../cli/format-curl.js';
import type { ReportEntry } from '../../report/types.js';
import { REDACTED } from '../../report/redact.js';

export const PLACEHOLDER = '…';

function oneLine(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

function curl(method: string, url: string, headers: readonly HeaderPair[]): string {
  const parts = [`curl -si -X ${shellQuote(method)} ${shellQuote(url)}`];
  let compressed = false;
  for (const [n, v] of headers) {
    // curl adds its own Accept-Encoding and decodes the body with --compressed.
    if (n.toLowerCase() === 'accept-encoding') {
      compressed = true;
      continue;
    }
    parts.push(`-H ${shellQuote(`${n}: ${v}`)}`);
  }
  if (compressed) parts.push('--compressed');
  return parts.join(' \\\n  ');
}

/** The actual request's headers: as sent, or rebuilt from the preflight when it was never sent. */
export function actualRequestHeaders(e: ReportEntry): { headers: HeaderPair[]; rebuilt: boolean } {
  const wire = e.requestHeaders ?? [];
  // A no-cors load (logged for its proxy) sends no Origin: nothing to rebuild from a preflight.
  if (wire.length > 0 || e.requestMode === 'no-cors') return { headers: [...wire], rebuilt: false };
  const pfReq = e.preflight?.requestHeaders ?? [];
  const origin = get(pfReq, 'origin') ?? e.initiator;
  const headers: HeaderPair[] = [['Origin', origin]];
  const acrh = get(pfReq, 'access-control-request-headers');
  if (acrh !== null) for (const name of splitList(acrh)) headers.push([name, PLACEHOLDER]);
  return { headers, rebuilt: true };
}

export function curlFor(e: ReportEntry): string {
  const out: string[] = [];
  const pf = e.preflight;
  if (pf && !pf.cached && pf.requestHeaders.length > 0) {
    out.push(`# Preflight, as the browser sent it (answered ${pf.status ?? oneLine(e.error ?? 'without a response')})`);
    out.push(curl('OPTIONS', e.url, pf.requestHeaders));
    out.push('');
  }
  const { headers, rebuilt } = actualRequestHeaders(e);
  if (rebuilt) out.push(`# Actual request: never sent by the browser; header values are placeholders (${PLACEHOLDER})`);
  else out.push(`# Actual request, as the browser sent it (answered ${e.response?.status ?? oneLine(e.error ?? 'without a response')})`);
  if (headers.some(([, v]) => v === REDACTED)) out.push(`# Values shown as ${REDACTED} were hidden by CORS Lens: put the real ones back`);
  if (e.method !== 'GET' && e.method !== 'HEAD') out.push("# The request body is not captured: add --data-binary '…' if the server needs it");
  out.push(curl(e.method, e.url, headers));
  return out.join('\n');
}
