/** The live channel: a panel subscribes with its tab and gets the log, then every change. */
import type { Runtime } from 'webextension-polyfill';
import type { Capture } from '../../src/capture/capture.js';
import type { RequestRecord } from '../../src/capture/record.js';
import { isSubscribe, LIVE_PORT, type LiveMessage } from '../../src/messages.js';

interface Subscriber {
  port: Runtime.Port;
  tabId: number;
  redact: boolean;
  dirty: Map<string, RequestRecord>;
  timer: ReturnType<typeof setTimeout> | null;
}

/** Entries are batched per subscriber so a busy page never floods the panel. */
const BATCH_MS = 50;

export interface PanelEvents {
  opened(tabId: number): void;
  closed(tabId: number): void;
}

export class Live {
  readonly #subs = new Set<Subscriber>();

  readonly #capture: Capture;
  readonly #panels: PanelEvents;

  constructor(capture: Capture, panels: PanelEvents) {
    this.#capture = capture;
    this.#panels = panels;
  }

  connect(port: Runtime.Port): void {
    if (port.name !== LIVE_PORT) return;
    let sub: Subscriber | null = null;
    port.onMessage.addListener((msg: unknown) => {
      if (!isSubscribe(msg)) return; // pings only keep the worker awake
      if (sub) {
        this.#subs.delete(sub);
        this.#panels.closed(sub.tabId);
      }
      sub = { port, tabId: msg.tabId, redact: msg.redact !== false, dirty: new Map(), timer: null };
      this.#subs.add(sub);
      // A panel looks at this tab: full capture for it from now on (issue #7).
      this.#panels.opened(msg.tabId);
      this.#send(sub, { type: 'snapshot', tabId: msg.tabId, entries: this.#capture.entries(msg.tabId, sub.redact) });
    });
    port.onDisconnect.addListener(() => {
      if (sub) {
        if (sub.timer !== null) clearTimeout(sub.timer);
        this.#subs.delete(sub);
        this.#panels.closed(sub.tabId);
      }
    });
  }

  changed(rec: RequestRecord): void {
    for (const sub of this.#subs) {
      if (sub.tabId !== rec.tabId) continue;
      sub.dirty.set(rec.id, rec);
      if (sub.timer === null) sub.timer = setTimeout(() => this.#flush(sub), BATCH_MS);
    }
  }

  removed(tabId: number, recs: RequestRecord[], cleared: boolean): void {
    for (const sub of this.#subs) {
      if (sub.tabId !== tabId) continue;
      for (const r of recs) sub.dirty.delete(r.id);
      this.#send(sub, cleared ? { type: 'cleared', tabId } : { type: 'removed', ids: recs.map((r) => r.id) });
    }
  }

  #flush(sub: Subscriber): void {
    sub.timer = null;
    for (const rec of sub.dirty.values()) this.#send(sub, { type: 'entry', entry: this.#capture.entry(rec, sub.redact) });
    sub.dirty.clear();
  }

  #send(sub: Subscriber, msg: LiveMessage): void {
    try {
      sub.port.postMessage(msg);
    } catch {
      this.#subs.delete(sub);
    }
  }
}
