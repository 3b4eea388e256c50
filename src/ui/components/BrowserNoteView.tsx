/** "Would fail in Firefox / Chromium too / only", from the entry's `browsers` field. */
import { useMemo } from 'preact/hooks';
import type { ReportEntry } from '../../report/types.js';
import { browserNote } from '../browser-notes.js';

export function BrowserNoteView({ entry, browser }: { entry: ReportEntry; browser: 'chromium' | 'firefox' }) {
  const note = useMemo(() => browserNote(entry, browser), [entry, browser]);
  if (!note) return null;
  return <p class="browser-note" data-testid="browser-note" data-other={note.other} data-other-verdict={note.outcome.verdict}>{note.text}</p>;
}
