/**
 * The same exchange judged by every browser profile and the Fetch standard, computed where the
 * engine already lives (the background) and shipped in the report entry, so the panel needs no
 * engine of its own (issue #4: panel bundle budget).
 *
 * The entry is turned back into an engine Exchange. That rebuild is only trusted when it is
 * faithful: no redirects (the report keeps only status and Location of intermediate hops), full
 * capture, a finished request, and the capturing browser's profile must reproduce the entry's own
 * verdict and first reason. Otherwise the outcomes are null; the preflight need (method and
 * headers only) is always known.
 */
import { authorHeaders } from '../capture/record.js';
import { compareBrowsers } from '../engine/compare.js';
import { isCorsSignal } from '../engine/network-errors.js';
import { PROFILES } from '../engine/profile.js';
import { preflightNeed } from '../engine/safelist.js';
import type { BrowserId, Exchange, Hop } from '../engine/types.js';
import type { BrowserView, BrowserViews, ReportEntry } from './types.js';

const IDS: readonly BrowserId[] = ['chromium', 'firefox', 'spec'];

/** @param joined the entry's headers come from Firefox's webRequest (ObservedResponse.joined) */
export function exchangeFromEntry(e: ReportEntry, joined = false): Exchange | null {
  if (e.mode === 'light' || e.redirects.length > 0 || e.verdict === 'pending') return null;
  const wire = e.requestHeaders ?? [];
  const hop: Hop = { url: e.url };
  const pf = e.preflight;
  if (pf?.cached) hop.preflight = pf.maxAge === null || pf.maxAge === undefined ? { kind: 'cached' } : { kind: 'cached', maxAge: pf.maxAge };
  else if (pf && pf.status !== null) hop.preflight = { kind: 'sent', requestHeaders: pf.requestHeaders, response: { status: pf.status, headers: pf.responseHeaders, ...(joined ? { joined } : {}) } };
  else if (pf && e.error && !isCorsSignal(e.error)) hop.preflight = { kind: 'error', error: e.error };
  if (e.response) hop.response = { status: e.response.status, headers: e.response.headers, ...(joined ? { joined } : {}) };
  else if (e.error && !isCorsSignal(e.error) && !hop.preflight) hop.error = e.error;
  return {
    origin: e.initiator,
    method: e.method,
    headers: authorHeaders(wire),
    credentials: e.credentials.mode,
    ...(wire.length > 0 ? { wireHeaders: wire } : {}),
    hops: [hop],
  };
}

/** `current`: the browser that recorded the entry (its profile must reproduce the entry). */
export function browserViews(e: ReportEntry, current: BrowserId): BrowserViews {
  const headers = authorHeaders(e.requestHeaders ?? []);
  const ex = exchangeFromEntry(e, current === 'firefox');
  let outcomes = ex ? compareBrowsers(ex, current).outcomes : null;
  const mine = outcomes?.[current];
  if (mine && (mine.verdict !== e.verdict || mine.code !== (e.reasons[0]?.code ?? null))) outcomes = null;
  const view = (id: BrowserId): BrowserView => {
    const need = preflightNeed(e.method, headers, PROFILES[id]);
    return { outcome: outcomes ? outcomes[id] : null, preflight: { method: need.method, headers: need.headerReasons } };
  };
  const out = {} as BrowserViews;
  for (const id of IDS) out[id] = view(id);
  return out;
}
