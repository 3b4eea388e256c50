/**
 * "Would this fail in Firefox / Chromium too?": the entry is turned back into an engine Exchange and
 * judged under every profile (compareBrowsers). Loaded lazily by the detail view (it pulls in the
 * whole engine). The rebuild is only trusted when it is faithful: no redirects (the report keeps
 * only status and Location of intermediate hops), full capture, and the rebuilt exchange judged
 * with the capturing browser's profile must reproduce the entry's own verdict and first reason.
 */
import { TEXTS } from '../catalogue/texts.js';
import { authorHeaders } from '../capture/record.js';
import { compareBrowsers, type BrowserOutcome } from '../engine/compare.js';
import { isCorsSignal } from '../engine/network-errors.js';
import { PROFILES } from '../engine/profile.js';
import { preflightNeed } from '../engine/safelist.js';
import type { Exchange, Hop } from '../engine/types.js';
import type { ReportEntry } from '../report/types.js';

export type PanelBrowser = 'chromium' | 'firefox';

export function exchangeFromEntry(e: ReportEntry): Exchange | null {
  if (e.mode === 'light' || e.redirects.length > 0 || e.verdict === 'pending') return null;
  const wire = e.requestHeaders ?? [];
  const hop: Hop = { url: e.url };
  const pf = e.preflight;
  if (pf?.cached) hop.preflight = pf.maxAge === null || pf.maxAge === undefined ? { kind: 'cached' } : { kind: 'cached', maxAge: pf.maxAge };
  else if (pf && pf.status !== null) hop.preflight = { kind: 'sent', requestHeaders: pf.requestHeaders, response: { status: pf.status, headers: pf.responseHeaders } };
  else if (pf && e.error && !isCorsSignal(e.error)) hop.preflight = { kind: 'error', error: e.error };
  if (e.response) hop.response = { status: e.response.status, headers: e.response.headers };
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

export interface BrowserNote {
  other: PanelBrowser;
  outcome: BrowserOutcome;
  /** The standard's verdict differs from this browser's. */
  specDiffers: BrowserOutcome | null;
  text: string;
}

const NAME: Record<PanelBrowser, string> = { chromium: 'Chromium', firefox: 'Firefox' };

export function browserNote(e: ReportEntry, current: PanelBrowser): BrowserNote | null {
  const ex = exchangeFromEntry(e);
  if (!ex) return null;
  const cmp = compareBrowsers(ex, current);
  const mine = cmp.outcomes[current];
  if (mine.verdict !== e.verdict || mine.code !== (e.reasons[0]?.code ?? null)) return null;
  const other: PanelBrowser = current === 'chromium' ? 'firefox' : 'chromium';
  const theirs = cmp.outcomes[other];
  const spec = cmp.outcomes.spec;
  const me = NAME[current];
  const them = NAME[other];
  // Headers one browser safelists and the other does not: there the answer to an OPTIONS we never saw decides.
  if (!e.preflight) {
    const needMine = preflightNeed(e.method, ex.headers, PROFILES[current]);
    const needTheirs = preflightNeed(e.method, ex.headers, PROFILES[other]);
    if (needTheirs.needed && !needMine.needed) {
      const extra = needTheirs.headers;
      const what = extra.length === 1 ? `the header ${extra[0]} is` : `the headers ${extra.join(', ')} are`;
      return { other, outcome: { verdict: 'pending', code: null }, specDiffers: null, text: `${them} would send a preflight first (${what} not safelisted there), so the server's answer to OPTIONS decides there.` };
    }
  }
  const failing = (v: string) => v === 'blocked' || v === 'failed';
  let text: string;
  if (failing(mine.verdict) && failing(theirs.verdict)) {
    text = theirs.code === mine.code || theirs.code === null
      ? `This would fail in ${them} too.`
      : `This would fail in ${them} too, for another reason: ${TEXTS[theirs.code].title}.`;
  } else if (failing(mine.verdict)) {
    text = `Only ${me} blocks this: ${them} would allow it.`;
  } else if (failing(theirs.verdict)) {
    text = `This works in ${me} but would fail in ${them}${theirs.code ? `: ${TEXTS[theirs.code].title}` : ''}.`;
  } else {
    text = `${them} would allow it too.`;
  }
  const specDiffers = spec.verdict !== mine.verdict ? spec : null;
  if (specDiffers) text += failing(spec.verdict) ? ' The Fetch standard is stricter and would block it.' : ' The Fetch standard would allow it.';
  return { other, outcome: theirs, specDiffers, text };
}
