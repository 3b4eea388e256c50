/** A stored record → the public report entry (findings recomputed, secrets redacted). */
import type { Profile } from '../engine/profile.js';
import type { Finding } from '../engine/types.js';
import { judgeRecord } from '../capture/judge.js';
import type { RequestRecord } from '../capture/record.js';
import { redactHeaders, REDACTED } from './redact.js';
import { fromFlat } from '../capture/flat.js';
import type { ReportEntry } from './types.js';
import { browserViews } from './browsers.js';
import { proxyOf } from '../capture/proxy.js';

export function toReportEntry(rec: RequestRecord, profile: Profile, redact = true): ReportEntry {
  const j = judgeRecord(rec, profile);
  const hops = rec.hops;
  const last = hops[hops.length - 1];
  let pfHop = -1;
  for (let i = hops.length - 1; i >= 0; i--) if (hops[i]?.preflight) { pfHop = i; break; }
  const pf = pfHop >= 0 ? hops[pfHop]?.preflight : undefined;
  const analysed = j.diagnosis.hops;
  const cachedHop = analysed.findIndex((h) => h.preflightCached);
  let preflight: ReportEntry['preflight'] = null;
  if (pf) {
    preflight = { status: pf.status, requestHeaders: redactHeaders(fromFlat(pf.requestHeaders), redact), responseHeaders: redactHeaders(fromFlat(pf.responseHeaders), redact), cached: false };
  } else if (cachedHop >= 0) {
    preflight = { status: null, requestHeaders: [], responseHeaders: [], cached: true, maxAge: hops[cachedHop]?.cachedMaxAge ?? null };
  }
  const redirects: ReportEntry['redirects'] = [];
  for (let i = 0; i + 1 < hops.length; i++) {
    const h = hops[i];
    const next = hops[i + 1];
    if (!h || !next) continue;
    const before = h.method ?? rec.method;
    const after = next.method ?? rec.method;
    redirects.push(after === before ? { status: h.status ?? 0, location: next.url } : { status: h.status ?? 0, location: next.url, method: after });
  }
  const entry: ReportEntry = {
    id: rec.id,
    tabId: rec.tabId,
    url: hops[0]?.url ?? '',
    finalUrl: last?.url ?? '',
    method: rec.method,
    initiator: rec.initiator ?? 'null',
    type: rec.type,
    startedAt: rec.startedAt,
    verdict: j.verdict,
    reasons: redact ? j.reasons.map(redactFinding) : j.reasons,
    warnings: redact ? j.warnings.map(redactFinding) : j.warnings,
    credentials: { mode: j.diagnosis.credentials.mode, inferred: j.diagnosis.credentials.inferred },
    preflight,
    response: last && last.status !== undefined ? { status: last.status, headers: redactHeaders(fromFlat(last.headers), redact) } : null,
    redirects,
    proxy: rec.proxy !== undefined ? rec.proxy : proxyOf(rec),
    error: rec.error,
    requestHeaders: redactHeaders(fromFlat(rec.wireHeaders), redact),
    mode: rec.mode,
    requestMode: rec.noCors ? 'no-cors' : 'cors',
    endedAt: rec.done && !rec.unfinished ? rec.endedAt ?? null : null,
  };
  const progress = progressOf(rec);
  if (progress) entry.progress = progress;
  // A request outside CORS mode has no CORS verdict to compare across browsers.
  if (!rec.noCors) entry.browsers = browserViews(entry, profile.id);
  return entry;
}

function progressOf(rec: RequestRecord): ReportEntry['progress'] {
  if (rec.unfinished) return 'unfinished';
  if (rec.done) return undefined;
  return rec.stalled ? 'stalled' : 'open';
}

/** Findings name headers, never secret values, except the generic observed/detail of a few codes. */
function redactFinding(f: Finding): Finding {
  const h = f.header;
  if (h === 'cookie' || h === 'set-cookie' || h === 'authorization' || h === 'proxy-authorization') {
    return { ...f, observed: f.observed === null ? null : REDACTED, detail: f.detail.split(f.observed ?? '\u0000').join(REDACTED) };
  }
  return f;
}
