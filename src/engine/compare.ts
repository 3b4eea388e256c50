/** The same exchange judged by each browser profile: "this would fail in Firefox too / only". */
import type { FindingCode } from '../catalogue/codes.js';
import { diagnose } from './diagnose.js';
import { PROFILES } from './profile.js';
import type { BrowserId, Exchange, Verdict } from './types.js';

export interface BrowserOutcome {
  verdict: Verdict;
  code: FindingCode | null;
}

export interface Comparison {
  outcomes: Record<BrowserId, BrowserOutcome>;
  /** Browsers whose verdict differs from `base`'s. */
  differing: BrowserId[];
}

export function compareBrowsers(ex: Exchange, base: BrowserId = 'chromium'): Comparison {
  const outcomes = {} as Record<BrowserId, BrowserOutcome>;
  for (const id of ['chromium', 'firefox', 'spec'] as const) {
    const d = diagnose(ex, PROFILES[id]);
    outcomes[id] = { verdict: d.verdict, code: d.reasons[0]?.code ?? null };
  }
  const differing = (['chromium', 'firefox', 'spec'] as const).filter((id) => id !== base && outcomes[id].verdict !== outcomes[base].verdict);
  return { outcomes, differing };
}
