/**
 * "Would this fail in Firefox / Chromium too?": words for the entry's `browsers` field, which the
 * background fills with the engine's judgement under every profile (src/report/browsers.ts). The
 * panel itself carries no engine.
 */
import { TEXTS } from '../catalogue/texts.js';
import type { BrowserView, ReportEntry } from '../report/types.js';

export type PanelBrowser = 'chromium' | 'firefox';
type Outcome = NonNullable<BrowserView['outcome']>;

export interface BrowserNote {
  other: PanelBrowser;
  outcome: Outcome;
  /** The standard's verdict differs from this browser's. */
  specDiffers: Outcome | null;
  text: string;
}

const NAME: Record<PanelBrowser, string> = { chromium: 'Chromium', firefox: 'Firefox' };

const failing = (v: string): boolean => v === 'blocked' || v === 'failed';

export function browserNote(e: ReportEntry, current: PanelBrowser): BrowserNote | null {
  const views = e.browsers;
  const mine = views?.[current].outcome;
  if (!views || !mine) return null;
  const other: PanelBrowser = current === 'chromium' ? 'firefox' : 'chromium';
  const theirs = views[other].outcome;
  const spec = views.spec.outcome;
  if (!theirs || !spec) return null;
  const me = NAME[current];
  const them = NAME[other];
  // Headers one browser safelists and the other does not: there the answer to an OPTIONS we never saw decides.
  if (!e.preflight) {
    const needMine = views[current].preflight;
    const needTheirs = views[other].preflight;
    const mineNeeded = needMine.method !== null || needMine.headers.length > 0;
    if (!mineNeeded && needTheirs.headers.length > 0) {
      const extra = needTheirs.headers.map((h) => h.name);
      const what = extra.length === 1 ? `the header ${extra[0]} is` : `the headers ${extra.join(', ')} are`;
      return { other, outcome: { verdict: 'pending', code: null }, specDiffers: null, text: `${them} would send a preflight first (${what} not safelisted there), so the server's answer to OPTIONS decides there.` };
    }
  }
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
