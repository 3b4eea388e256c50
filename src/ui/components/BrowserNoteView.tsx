/** "Would fail in Firefox / Chromium too / only": the engine loads lazily, off the list's path. */
import { useMemo } from 'preact/hooks';
import type { ReportEntry } from '../../report/types.js';
import { browserNotesModule, useLazy } from '../lazy.js';

export function BrowserNoteView({ entry, browser }: { entry: ReportEntry; browser: 'chromium' | 'firefox' }) {
  const mod = useLazy(browserNotesModule);
  const note = useMemo(() => (mod ? mod.browserNote(entry, browser) : null), [mod, entry, browser]);
  if (!note) return null;
  return <p class="browser-note" data-testid="browser-note" data-other={note.other} data-other-verdict={note.outcome.verdict}>{note.text}</p>;
}
