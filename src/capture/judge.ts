/** Verdicts of captured requests: the engine's diagnosis reconciled with the browser's own signal. */
import { makeFinding } from '../catalogue/finding.js';
import { diagnose } from '../engine/diagnose.js';
import { isCorsSignal } from '../engine/network-errors.js';
import type { Profile } from '../engine/profile.js';
import type { Diagnosis, Finding } from '../engine/types.js';
import type { EntryVerdict } from '../report/types.js';
import { toExchange, type RequestRecord } from './record.js';

/**
 * The verdict: the engine's, reconciled with the browser's own signal. Chromium reports every
 * CORS failure as net::ERR_FAILED and lets through what it allows; Firefox gives
 * NS_ERROR_DOM_BAD_URI for failed preflights but completes a blocked simple request normally, so
 * there the headers alone decide (research feasibility.md §2.1, §5.2).
 */
export function judgeRecord(rec: RequestRecord, profile: Profile, summary = false): Judgement {
  // Firefox is judged with the Firefox profile, from its webRequest, which joins repeated header lines.
  const diagnosis = diagnose(toExchange(rec, profile.id === 'firefox' && rec.via === undefined), profile, { summary });
  // Still open (a stream, a long poll) or given up on: once its response has started, the browser's
  // CORS check on it is over and it is judged like a completed one; before that, nothing is known.
  if (isOpen(rec) && !rec.answered) return { diagnosis, verdict: 'pending', reasons: [], warnings: diagnosis.warnings };
  // Logged for its proxy only (a script or frame): no CORS check applies, it loaded or it failed.
  if (rec.noCors) return { diagnosis, verdict: rec.error === null ? 'allowed' : 'failed', reasons: [], warnings: [] };
  const browserBlocked = rec.error !== null && isCorsSignal(rec.error);
  const { reasons, warnings } = diagnosis;
  switch (diagnosis.verdict) {
    case 'blocked':
      // Chromium completed it: the browser allowed it, whatever the headers suggested.
      if (profile.id === 'chromium' && rec.error === null) return { diagnosis, verdict: 'allowed', reasons: [], warnings: [...reasons, ...warnings] };
      return { diagnosis, verdict: 'blocked', reasons, warnings };
    case 'failed':
      return { diagnosis, verdict: 'failed', reasons, warnings };
    default:
      if (browserBlocked) {
        const unseen = rec.mode === 'light' && rec.hops.every((h) => h.status === undefined && !h.preflight);
        const why = makeFinding(unseen ? 'not-captured' : 'unexplained-block', { parameter: rec.error ?? '', observed: rec.error });
        return { diagnosis, verdict: 'blocked', reasons: [why], warnings };
      }
      return { diagnosis, verdict: rec.error === null ? 'allowed' : 'failed', reasons, warnings };
  }
}

export interface Judgement {
  diagnosis: Diagnosis;
  verdict: EntryVerdict;
  reasons: Finding[];
  warnings: Finding[];
}

/**
 * Keeps the record's verdict (badge, list) current on the hot path. In Chromium the browser's own
 * signal is the verdict (net::ERR_FAILED for every CORS failure, completion otherwise), so no
 * diagnosis is needed until someone asks for the entry; Firefox completes blocked simple requests,
 * so there the headers must be judged now.
 */
export function judge(rec: RequestRecord, profile: Profile): void {
  if (rec.noCors) {
    rec.verdict = isOpen(rec) ? (rec.answered ? 'allowed' : 'pending') : rec.error === null ? 'allowed' : 'failed';
    return;
  }
  if (profile.id === 'chromium') {
    if (isOpen(rec)) rec.verdict = rec.answered ? 'allowed' : 'pending';
    else rec.verdict = rec.error === null ? 'allowed' : isCorsSignal(rec.error) || isLocalNetworkBlock(rec.error) ? 'blocked' : 'failed';
    return;
  }
  rec.verdict = judgeRecord(rec, profile, true).verdict;
}

/** Not ended: still open, or given up on before its end was seen. */
function isOpen(rec: RequestRecord): boolean {
  return !rec.done || rec.unfinished === true;
}

/** Chromium's Local Network Access block is a CORS error in its own taxonomy (cors-errors.md §1a). */
function isLocalNetworkBlock(error: string): boolean {
  return error === 'net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS';
}
