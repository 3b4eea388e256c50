/**
 * The per-request comparison of the oracle tests (extension-vs-chromium, devtools-capture): what
 * Chromium said (CDP) and what the report entry says, derived the same way from both.
 */
import type { ReportEntry } from '../../../src/report/types.js';

/** What Chromium's CDP gave for a request (oracle results and recorded truths both have these). */
export interface ChromiumTruth {
  verdict: string;
  corsError: string | null;
  failedParameter: string | null;
}

export interface Comparable {
  verdict: string;
  chromium: string | null;
  /** failedParameter, compared for blocked requests only (Chromium has none otherwise). */
  parameter: string | null | undefined;
  /** An OPTIONS went on the wire for this request (server log) vs the entry's preflight (not cached). */
  preflight: 'sent' | 'none';
}

export function fromChromium(r: ChromiumTruth, preflightSent: boolean): Comparable {
  return {
    verdict: r.verdict,
    chromium: r.corsError,
    parameter: r.verdict === 'blocked' ? r.failedParameter : undefined,
    preflight: preflightSent ? 'sent' : 'none',
  };
}

export function fromEntry(e: ReportEntry): Comparable {
  const first = e.reasons[0];
  return {
    verdict: e.verdict,
    chromium: first?.chromium ?? null,
    parameter: e.verdict === 'blocked' ? (first?.parameter ?? null) : undefined,
    preflight: e.preflight !== null && !e.preflight.cached ? 'sent' : 'none',
  };
}

/** One table cell; `markPreflight` appends ` +pf` when a preflight went on the wire. */
export function describeEntry(e: ReportEntry | undefined, markPreflight = false): string {
  if (!e) return '(no entry)';
  const first = e.reasons[0];
  const pf = markPreflight && e.preflight !== null && !e.preflight.cached ? ' +pf' : '';
  if (e.verdict === 'allowed') return `allowed ${e.response?.status ?? ''}${pf}`.trim();
  if (e.verdict === 'failed') return `failed ${e.error ?? first?.code ?? ''}${pf}`.trim();
  if (e.verdict === 'pending' || !first) return e.verdict;
  return (first.parameter ? `${first.chromium ?? 'null'} [${first.parameter}]` : (first.chromium ?? `null (${first.code})`)) + pf;
}

export function differences(a: Comparable, b: Comparable): string[] {
  return (Object.keys(a) as (keyof Comparable)[]).filter((k) => a[k] !== b[k]);
}
