/**
 * Header tables of the detail view: which rows decide CORS (highlighted), and for the response
 * that must change, the value the browser needed next to the value observed.
 */
import type { HeaderPair } from '../../http/headers.js';
import type { HeaderChange, ResponseKind } from '../../engine/types.js';
import type { ReportEntry } from '../../report/types.js';

export interface HeaderRow {
  name: string;
  /** null: the header was absent (a row added to show what is required). */
  value: string | null;
  /** Decides (or takes part in) the CORS check. */
  cors: boolean;
  /** What the fix needs instead, when it differs; `remove` rows have required null and `remove` true. */
  required: string | null;
  remove: boolean;
}

const CORS_REQUEST = new Set(['origin', 'access-control-request-method', 'access-control-request-headers', 'cookie', 'authorization']);

export function isCorsHeader(name: string, side: 'request' | 'response'): boolean {
  const n = name.toLowerCase();
  if (side === 'request') return CORS_REQUEST.has(n);
  return n.startsWith('access-control-') || n === 'vary' || n === 'location';
}

export type Side = 'preflight' | 'actual';

/** The header changes (from all reasons) that apply to this exchange's `side` response. */
export function changesFor(e: ReportEntry, side: Side): HeaderChange[] {
  const wanted: ResponseKind[] = side === 'preflight' ? ['preflight'] : ['actual', 'redirect'];
  const out: HeaderChange[] = [];
  for (const f of e.reasons) for (const c of f.fix.changes) if (wanted.includes(c.response)) out.push(c);
  return out;
}

export function requestRows(headers: readonly HeaderPair[]): HeaderRow[] {
  return headers.map(([name, value]) => ({ name, value, cors: isCorsHeader(name, 'request'), required: null, remove: false }));
}

export function responseRows(headers: readonly HeaderPair[], changes: readonly HeaderChange[]): HeaderRow[] {
  const byName = new Map(changes.map((c) => [c.header.toLowerCase(), c]));
  const rows: HeaderRow[] = headers.map(([name, value]) => {
    const c = byName.get(name.toLowerCase());
    const differs = c !== undefined && (c.action === 'remove' || c.value !== value);
    return {
      name,
      value,
      cors: isCorsHeader(name, 'response') || c !== undefined,
      required: differs && c.action === 'set' ? c.value : null,
      remove: differs && c.action === 'remove',
    };
  });
  const present = new Set(headers.map(([n]) => n.toLowerCase()));
  for (const c of changes) {
    if (c.action === 'set' && !present.has(c.header.toLowerCase())) rows.push({ name: c.header, value: null, cors: true, required: c.value, remove: false });
  }
  return rows;
}
