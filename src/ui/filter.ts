/**
 * The list filter: free text over URL, method and reason, plus two toggles.
 * - blockedOnly: requests that did not get through (blocked or failed);
 * - allCrossOrigin: off = only requests with something to look at (not allowed, or with warnings);
 *   on (default) = every cross-origin request logged.
 */
import type { ReportEntry } from '../report/types.js';

export interface FilterState {
  text: string;
  blockedOnly: boolean;
  allCrossOrigin: boolean;
}

export const NO_FILTER: FilterState = { text: '', blockedOnly: false, allCrossOrigin: true };

/** Lower-cased search text per entry object (entries are replaced, never mutated, so the cache is safe). */
const haystacks = new WeakMap<ReportEntry, string>();

function haystack(e: ReportEntry): string {
  let h = haystacks.get(e);
  if (h === undefined) {
    const r = e.reasons[0];
    h = `${e.method}\n${e.url}\n${e.finalUrl}\n${r ? `${r.title}\n${r.code}\n${r.parameter}` : ''}\n${e.verdict}`.toLowerCase();
    haystacks.set(e, h);
  }
  return h;
}

/** Space-separated terms, all of which must match (like DevTools' network filter). */
export function compileFilter(f: FilterState): (e: ReportEntry) => boolean {
  const terms = f.text.toLowerCase().split(/\s+/).filter((t) => t !== '');
  return (e) => {
    if (f.blockedOnly && e.verdict !== 'blocked' && e.verdict !== 'failed') return false;
    if (!f.allCrossOrigin && e.verdict === 'allowed' && e.warnings.length === 0) return false;
    if (terms.length === 0) return true;
    const h = haystack(e);
    for (const t of terms) if (!h.includes(t)) return false;
    return true;
  };
}

export function isNoFilter(f: FilterState): boolean {
  return !f.blockedOnly && f.allCrossOrigin && f.text.trim() === '';
}

export function applyFilter(entries: readonly ReportEntry[], f: FilterState): readonly ReportEntry[] {
  if (isNoFilter(f)) return entries;
  return entries.filter(compileFilter(f));
}

/**
 * `next` only narrows `prev` (same toggles, text extended at the end): whatever `next` keeps,
 * `prev` kept too, so typing can filter the previous result instead of the whole log.
 */
export function narrows(prev: FilterState, next: FilterState): boolean {
  return prev.blockedOnly === next.blockedOnly && prev.allCrossOrigin === next.allCrossOrigin && next.text.toLowerCase().startsWith(prev.text.toLowerCase());
}
