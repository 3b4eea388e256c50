/**
 * The panel's copy of the tab's log, fed by live messages. Arrival order is kept (newest last);
 * an update of a known id replaces the entry in place. Listeners are told after every change and
 * decide themselves how often to render.
 */
import type { LiveMessage } from '../messages.js';
import type { ReportEntry } from '../report/types.js';

export class LogStore {
  private list: ReportEntry[] = [];
  private index = new Map<string, number>();
  private listeners = new Set<() => void>();
  private snapshots = 0;
  /** Bumped on every change: cheap memo key for views. */
  version = 0;

  entries(): readonly ReportEntry[] {
    return this.list;
  }

  get(id: string): ReportEntry | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.list[i];
  }

  get size(): number {
    return this.list.length;
  }

  apply(msg: LiveMessage): void {
    switch (msg.type) {
      case 'snapshot':
        this.snapshot(msg.entries);
        break;
      case 'entry':
        this.upsert(msg.entry);
        break;
      case 'removed':
        this.remove(msg.ids);
        break;
      case 'cleared':
        this.clear();
        return;
    }
    this.changed();
  }

  clear(): void {
    this.list = [];
    this.index.clear();
    this.changed();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The first snapshot replaces the log. A later one comes after a reconnect (the background was
   * restarted): entries the panel already had and the snapshot lacks are kept, since the worker may
   * have stopped before it saved its newest entries.
   */
  private snapshot(entries: readonly ReportEntry[]): void {
    const old = this.snapshots++ > 0 ? this.list : [];
    const fresh = new Set(entries.map((e) => e.id));
    const kept = old.filter((e) => !fresh.has(e.id));
    const merged = kept.length === 0 ? [...entries] : [...entries, ...kept].sort((a, b) => a.startedAt - b.startedAt);
    this.list = merged;
    this.reindex();
  }

  private upsert(entry: ReportEntry): void {
    const i = this.index.get(entry.id);
    if (i === undefined) {
      this.index.set(entry.id, this.list.length);
      this.list.push(entry);
    } else {
      this.list[i] = entry;
    }
  }

  private remove(ids: readonly string[]): void {
    const gone = new Set(ids);
    this.list = this.list.filter((e) => !gone.has(e.id));
    this.reindex();
  }

  private reindex(): void {
    this.index.clear();
    this.list.forEach((e, i) => this.index.set(e.id, i));
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}
