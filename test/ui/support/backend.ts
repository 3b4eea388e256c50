/** A Backend for component tests: records what the panel asked for, lets the test drive the port. */
import { vi } from 'vitest';
import type { Backend, LivePort } from '../../../src/ui/backend.js';
import type { LiveMessage, Ping, Request, Settings, Subscribe, TabState } from '../../../src/messages.js';
import { CLEAR, RECORD_TAB, REPORT, SETTINGS, TAB_STATE } from '../../../src/messages.js';
import type { Report, ReportEntry } from '../../../src/report/types.js';

export class FakePort implements LivePort {
  posted: (Subscribe | Ping)[] = [];
  closed = false;
  private onMsg: ((m: unknown) => void)[] = [];
  private onDrop: (() => void)[] = [];
  post(msg: Subscribe | Ping): void {
    this.posted.push(msg);
  }
  onMessage(l: (m: unknown) => void): void {
    this.onMsg.push(l);
  }
  onDisconnect(l: () => void): void {
    this.onDrop.push(l);
  }
  disconnect(): void {
    this.closed = true;
  }
  emit(msg: LiveMessage | unknown): void {
    for (const l of this.onMsg) l(msg);
  }
  /** The other end went away (service worker stopped). */
  drop(): void {
    for (const l of this.onDrop) l();
  }
}

export interface FakeBackendOptions {
  tabState?: Partial<TabState>;
  settings?: Partial<Settings>;
  host?: boolean;
  /** false: the page cannot ask for host permission (Firefox's DevTools panels). */
  canRequest?: boolean;
  /** What requestHostPermission resolves to (default: granted), or an error it rejects with. */
  grant?: boolean | Error;
  /** Give the backend a popOut (counted in `poppedOut`). */
  popOut?: boolean;
  report?: (tabId: number | undefined) => Report;
  reportFails?: boolean;
  prefs?: Record<string, string>;
}

export interface FakeBackend extends Backend {
  ports: FakePort[];
  sent: Request[];
  copied: string[];
  saved: { filename: string; mime: string; text: string }[];
  prefs: Map<string, string>;
  reloads: number;
  poppedOut: number;
  /** How many host-permission listeners are subscribed. */
  hostListeners(): number;
  /** The grant changed elsewhere: tells the subscribed listeners. */
  setHost(granted: boolean): void;
  port(): FakePort;
}

export function fakeBackend(opts: FakeBackendOptions = {}): FakeBackend {
  let settings: Settings = { preserveLog: false, recordAllTabs: false, ...opts.settings };
  let state: TabState = { mode: 'full', recorded: false, recordAllTabs: false, lightEntries: 0, ...opts.tabState };
  let host = opts.host ?? true;
  const hostListeners = new Set<(granted: boolean) => void>();
  const b: FakeBackend = {
    ports: [],
    sent: [],
    copied: [],
    saved: [],
    prefs: new Map(Object.entries(opts.prefs ?? {})),
    reloads: 0,
    poppedOut: 0,
    hostListeners: () => hostListeners.size,
    setHost(granted) {
      host = granted;
      for (const l of hostListeners) l(granted);
    },
    port() {
      const p = b.ports[b.ports.length - 1];
      if (!p) throw new Error('no port opened');
      return p;
    },
    connect() {
      const p = new FakePort();
      b.ports.push(p);
      return p;
    },
    send: vi.fn(async (req: Request) => {
      b.sent.push(req);
      switch (req.type) {
        case SETTINGS:
          settings = { ...settings, ...req.set };
          state = { ...state, recordAllTabs: settings.recordAllTabs };
          return settings;
        case TAB_STATE:
          return state;
        case RECORD_TAB:
          state = { ...state, recorded: req.on };
          return state;
        case CLEAR:
          return { cleared: 0 };
        case REPORT:
          if (opts.reportFails) throw new Error('background away');
          return opts.report ? opts.report(req.tabId) : { schema: 'cors-lens.report/1', generatedAt: '2024-01-01T00:00:00.000Z', browser: 'chromium', entries: [] as ReportEntry[] };
      }
    }) as unknown as Backend['send'],
    reload: async () => {
      b.reloads++;
    },
    hasHostPermission: async () => host,
    ...(opts.canRequest === false
      ? {}
      : {
          requestHostPermission: async () => {
            if (opts.grant instanceof Error) throw opts.grant;
            host = opts.grant ?? true;
            return host;
          },
        }),
    onHostPermissionChange: (l) => {
      hostListeners.add(l);
      return () => hostListeners.delete(l);
    },
    ...(opts.popOut
      ? {
          popOut: () => {
            b.poppedOut++;
          },
        }
      : {}),
    copy: async (text) => {
      b.copied.push(text);
    },
    save: async (filename, mime, text) => {
      b.saved.push({ filename, mime, text });
    },
    loadPref: (k) => b.prefs.get(k) ?? null,
    savePref: (k, v) => {
      b.prefs.set(k, v);
    },
  };
  return b;
}
