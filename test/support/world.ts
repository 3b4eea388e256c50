/**
 * A small browser for routing tests: a CaptureService on a fake clock, with builders that deliver a
 * request's events through the channels a real browser would use (webRequest full sets, the proxy
 * set, the always-on failure listener, DevTools' log through one or more relays), a worker restart
 * that keeps only what the background persists, and the listener plan the service asked for.
 */
import type { CaptureEvent, ErrorEvent, EventBase } from '../../src/capture/events.js';
import { HarJoiner, type HarRequest } from '../../src/capture/har.js';
import type { ListenerPlan } from '../../src/capture/modes.js';
import type { RequestRecord } from '../../src/capture/record.js';
import { CaptureService, type Arrival, type RoutingState } from '../../src/capture/service.js';
import { CHROMIUM, FIREFOX } from '../../src/engine/profile.js';

export const T0 = 1_800_000_000_000;
export const PAGE = 'http://app.test';
export const API = 'http://api.test';

type H = [string, string][];

export function fetchHeaders(extra: H = [], origin = PAGE): H {
  return [['Accept', '*/*'], ['Origin', origin], ['Sec-Fetch-Mode', 'cors'], ['Sec-Fetch-Site', 'cross-site'], ['User-Agent', 'Mozilla/5.0'], ...extra];
}

export function preflightHeaders(method: string, headers: string | null, origin = PAGE): H {
  const h: H = [['Accept', '*/*'], ['Access-Control-Request-Method', method], ['Origin', origin], ['Sec-Fetch-Mode', 'cors']];
  if (headers) h.push(['Access-Control-Request-Headers', headers]);
  return h;
}

export const ACAO: H = [['Access-Control-Allow-Origin', PAGE]];

export interface WorldOptions {
  firefox?: boolean;
  tabId?: number;
}

export class World {
  now = T0;
  service: CaptureService;
  plans: ListenerPlan[] = [];
  routing: RoutingState | null = null;
  /** What storage.session holds: records by id (written at once here; the real store debounces 250 ms). */
  stored = new Map<string, RequestRecord>();
  private joiners = new Map<string, HarJoiner>();
  private ids = 0;
  private connections = 0;
  readonly tabId: number;

  constructor(private readonly opts: WorldOptions = {}) {
    this.tabId = opts.tabId ?? 1;
    this.service = this.boot();
    this.service.restore({});
  }

  private boot(): CaptureService {
    return new CaptureService({
      profile: this.opts.firefox ? FIREFOX : CHROMIUM,
      browser: this.opts.firefox ? 'firefox' : 'chromium',
      clock: () => this.now,
      ports: {
        applyPlan: (p) => this.plans.push({ all: p.all, tabs: [...p.tabs] }),
        saveRouting: (s) => {
          this.routing = JSON.parse(JSON.stringify(s)) as RoutingState;
        },
      },
      hooks: {
        changed: (rec) => this.stored.set(rec.id, JSON.parse(JSON.stringify(rec)) as RequestRecord),
        removed: (_tab, recs) => {
          for (const r of recs) this.stored.delete(r.id);
        },
      },
    });
  }

  /** Tabs recorded and "all tabs", as the background persists them (storage.session / .local). */
  recorded = new Set<number>();
  recordAll = false;
  private snapshot: Parameters<CaptureService['restore']>[0] | null = null;

  /** The worker stops and starts again: only storage survives; `before` runs before storage is read. */
  restart(before: (w: World) => void = () => undefined): void {
    this.crash();
    before(this);
    this.recover();
  }

  /** The worker stops: a new one starts (listeners registered, events buffered) and storage is being read. */
  crash(): void {
    this.snapshot = {
      records: [...this.stored.values()].map((r) => JSON.parse(JSON.stringify(r)) as unknown),
      routing: this.routing === null ? undefined : JSON.parse(JSON.stringify(this.routing)) as unknown,
      recordedTabs: [...this.recorded],
      recordAllTabs: this.recordAll,
    };
    this.service = this.boot();
    this.joiners.clear();
    // The start-up listener set: every tab, until the saved modes are read back.
    this.plans.push({ all: true, tabs: [] });
  }

  /** Storage was read back: the new worker routes what waited and goes on. */
  recover(): void {
    this.service.restore(this.snapshot ?? {});
    this.snapshot = null;
  }

  at(t: number): this {
    this.now = t;
    return this;
  }

  plan(): ListenerPlan {
    return this.plans[this.plans.length - 1] ?? { all: true, tabs: [] };
  }

  /** Is a webRequest full set listening to this tab now (per the last plan)? */
  webListening(tabId = this.tabId): boolean {
    const p = this.plan();
    return p.all || p.tabs.includes(tabId);
  }

  send(channel: Arrival, ev: CaptureEvent, relay = ''): void {
    this.service.event(channel, ev, relay);
  }

  /** A webRequest request handle: events stamped with the world's clock at the time they are sent. */
  web(url: string, method = 'GET', extra: { id?: string; type?: string; documentId?: string; initiator?: string | null; tabId?: number } = {}) {
    const id = extra.id ?? String(++this.ids);
    const base = (): Omit<EventBase, 'kind'> => {
      const b: Omit<EventBase, 'kind'> = {
        requestId: id, tabId: extra.tabId ?? this.tabId, frameId: 0, url, method, type: extra.type ?? 'xmlhttprequest',
        initiator: extra.initiator === undefined ? PAGE : extra.initiator, t: this.now,
      };
      if (extra.documentId !== undefined) b.documentId = extra.documentId;
      return b;
    };
    return {
      id,
      before: (): CaptureEvent => ({ ...base(), kind: 'before-request' }),
      send: (h: H = fetchHeaders()): CaptureEvent => ({ ...base(), kind: 'send-headers', headers: h }),
      received: (status: number, h: H = []): CaptureEvent => ({ ...base(), kind: 'headers-received', status, headers: h }),
      redirect: (status: number, to: string, h: H = []): CaptureEvent => ({ ...base(), kind: 'before-redirect', status, redirectUrl: to, headers: h }),
      started: (status: number): CaptureEvent => ({ ...base(), kind: 'response-started', status, fromCache: false }),
      completed: (status: number): CaptureEvent => ({ ...base(), kind: 'completed', status, headers: null }),
      error: (error: string): ErrorEvent => ({ ...base(), kind: 'error', error }) as ErrorEvent,
      withUrl: (u: string) => ({ ...base(), url: u }),
    };
  }

  /** One HAR entry through the relay `session` (its joiner, as the background has one per connection). */
  relayed(session: string, e: Partial<HarRequest> & { url: string }): void {
    let j = this.joiners.get(session);
    if (!j) {
      // As devtools-relay.ts: ids name the relay and the connection (a reconnected relay counts from 1 again).
      j = new HarJoiner((ev) => this.send('devtools', ev, session), 2_000, `${session}c${++this.connections}:`);
      this.joiners.set(session, j);
    }
    j.push({
      tabId: this.tabId, startedAt: this.now, method: 'GET', resourceType: 'fetch', requestHeaders: fetchHeaders(), status: 200,
      responseHeaders: [], redirectUrl: '', error: null, pageOrigin: PAGE, time: 10, ...e,
    });
  }

  /** DevTools opens (its relay's hello) or closes. */
  devtools(open: boolean, relays = true, session = 'dt1', page?: number, pageAt?: number): void {
    if (open) this.service.relayOpened(this.tabId, session, relays, page, pageAt);
    else this.service.relayClosed(this.tabId, relays);
  }

  /** The relay's DevTools saw the tab navigate: its entries are of page `page` from now on. */
  relayNavigated(session: string, page: number, t = this.now): void {
    this.service.relayNavigated(this.tabId, session, page, t);
  }

  record(on: boolean): void {
    if (on) this.recorded.add(this.tabId);
    else this.recorded.delete(this.tabId);
    this.service.modes.setRecorded(this.tabId, on);
  }

  recordAllTabs(on: boolean): void {
    this.recordAll = on;
    this.service.modes.setRecordAll(on);
  }

  navigate(t = this.now): void {
    this.send('document', { kind: 'headers-received', requestId: `nav${++this.ids}`, tabId: this.tabId, frameId: 0, url: `${PAGE}/next`, method: 'GET', type: 'main_frame', initiator: null, t, status: 200, headers: [['Content-Type', 'text/html']] });
  }

  tick(t = this.now): boolean {
    this.now = t;
    return this.service.tick(t);
  }

  records(): RequestRecord[] {
    return this.service.capture.logs.records(this.tabId);
  }

  entries() {
    return this.service.entries(this.tabId, false);
  }
}
