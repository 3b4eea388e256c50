/**
 * Persistence of the logs in storage.session, so a stopped MV3 service worker loses nothing.
 * One key per record (`r:<id>`): a flush writes only what changed since the last one. Writes are
 * debounced; what changed in the last FLUSH_MS before a stop is the only thing at risk.
 */
import type { RequestRecord } from '../../src/capture/record.js';
import { browser } from '../platform.js';

const PREFIX = 'r:';
const FLUSH_MS = 250;

type SessionArea = { get(k: null): Promise<Record<string, unknown>>; set(v: Record<string, unknown>): Promise<void>; remove(k: string[]): Promise<void> };

function area(): SessionArea | null {
  const storage = browser.storage as unknown as { session?: SessionArea };
  return storage.session ?? null;
}

export class Store {
  #dirty = new Map<string, RequestRecord>();
  #gone = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  changed(rec: RequestRecord): void {
    this.#gone.delete(rec.id);
    this.#dirty.set(rec.id, rec);
    this.#schedule();
  }

  removed(recs: RequestRecord[]): void {
    for (const r of recs) {
      this.#dirty.delete(r.id);
      this.#gone.add(r.id);
    }
    this.#schedule();
  }

  async load(): Promise<RequestRecord[]> {
    const a = area();
    if (!a) return [];
    const all = await a.get(null);
    const out: RequestRecord[] = [];
    for (const [k, v] of Object.entries(all)) if (k.startsWith(PREFIX) && isRecord(v)) out.push(v);
    out.sort((x, y) => x.startedAt - y.startedAt);
    return out;
  }

  #schedule(): void {
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, FLUSH_MS);
  }

  async flush(): Promise<void> {
    const a = area();
    if (!a) return;
    const gone = [...this.#gone].map((id) => PREFIX + id);
    const batch: Record<string, unknown> = {};
    for (const [id, rec] of this.#dirty) batch[PREFIX + id] = rec;
    this.#gone.clear();
    this.#dirty.clear();
    try {
      if (gone.length > 0) await a.remove(gone);
      if (Object.keys(batch).length > 0) await a.set(batch);
    } catch {
      // Quota (10 MB in Chrome) reached: the in-memory log is still whole; only a restart would lose these.
    }
  }
}

function isRecord(v: unknown): v is RequestRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<RequestRecord>;
  return typeof r.id === 'string' && typeof r.tabId === 'number' && Array.isArray(r.hops) && typeof r.startedAt === 'number';
}
