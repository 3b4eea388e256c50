import type { EntryVerdict } from '../../report/types.js';

const ICONS: Record<EntryVerdict, string> = { blocked: '⊘', allowed: '✓', failed: '⚠', pending: '◌' };

/** Verdict icon and word; colour comes from the `v-<verdict>` class. */
export function StatusIcon({ verdict, label = true }: { verdict: EntryVerdict; label?: boolean }) {
  return (
    <span class={`status v-${verdict}`}>
      <span class="icon" aria-hidden="true">{ICONS[verdict]}</span>
      {label ? <span class="word">{verdict}</span> : null}
    </span>
  );
}
