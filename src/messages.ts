/**
 * The one typed contract between the background and extension pages (panel, tests).
 * Both ends import these types; nothing crosses the boundary untyped.
 */
import type { CaptureEvent } from './capture/events.js';

import type { CaptureSource } from './capture/modes.js';
import type { CaptureMode, Report, ReportEntry } from './report/types.js';

export const REPORT = 'cors-lens/report';
export const CLEAR = 'cors-lens/clear';
export const SETTINGS = 'cors-lens/settings';
export const RECORD_TAB = 'cors-lens/record-tab';
export const TAB_STATE = 'cors-lens/tab-state';
export const LIVE_PORT = 'cors-lens/live';
/** Chromium's devtools page relays the inspected tab's network log (issue #7) over a port of this name. */
export const DEVTOOLS_PORT = 'cors-lens/devtools';

/** Ask for the report of one tab, or of all tabs when `tabId` is absent. Secrets are redacted unless `redact: false`. */
export interface ReportRequest {
  type: typeof REPORT;
  tabId?: number;
  redact?: boolean;
}

export interface ClearRequest {
  type: typeof CLEAR;
  tabId: number;
}

export interface Settings {
  /** Keep the tab's log across navigations (default off, like DevTools). */
  preserveLog: boolean;
  /** Full capture in every tab, panel open or not (default off: light mode elsewhere, issue #7). */
  recordAllTabs: boolean;
}

/** "Record this tab": full capture for the tab even with no panel open (until the tab closes). */
export interface RecordTabRequest {
  type: typeof RECORD_TAB;
  tabId: number;
  on: boolean;
}

export interface TabStateRequest {
  type: typeof TAB_STATE;
  tabId: number;
}

export interface TabState {
  mode: CaptureMode;
  recorded: boolean;
  recordAllTabs: boolean;
  /** Entries of the tab recorded in light mode (failures seen while nobody was looking). */
  lightEntries: number;
  /** Addition (issue #7): where full capture comes from (`devtools`: DevTools' network log). */
  source?: CaptureSource;
}

export interface SettingsRequest {
  type: typeof SETTINGS;
  /** Absent: just read them. */
  set?: Partial<Settings>;
}

export type Request = ReportRequest | ClearRequest | SettingsRequest | RecordTabRequest | TabStateRequest;

export interface ResponseMap {
  [REPORT]: Report;
  [CLEAR]: { cleared: number };
  [SETTINGS]: Settings;
  [RECORD_TAB]: TabState;
  [TAB_STATE]: TabState;
}

/** Live channel: the panel connects a port named LIVE_PORT and sends `subscribe` with its tab. */
export interface Subscribe {
  type: 'subscribe';
  tabId: number;
  redact?: boolean;
}

/** Sent by a panel every 20 s: traffic on the port keeps an MV3 service worker from being stopped. */
export interface Ping {
  type: 'ping';
}

export type LiveMessage =
  /** The whole current log of the tab, oldest first. */
  | { type: 'snapshot'; tabId: number; entries: ReportEntry[] }
  /** A new entry, or a newer state of one already sent (same id). */
  | { type: 'entry'; entry: ReportEntry }
  /** Entries dropped (cap reached) or the log cleared. */
  | { type: 'removed'; ids: string[] }
  | { type: 'cleared'; tabId: number };

export function isRequest(value: unknown): value is Request {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; tabId?: unknown; redact?: unknown };
  switch (v.type) {
    case REPORT:
      return (v.tabId === undefined || Number.isInteger(v.tabId)) && (v.redact === undefined || typeof v.redact === 'boolean');
    case CLEAR:
      return Number.isInteger(v.tabId);
    case SETTINGS:
      return true;
    case RECORD_TAB:
      return Number.isInteger(v.tabId) && typeof (value as { on?: unknown }).on === 'boolean';
    case TAB_STATE:
      return Number.isInteger(v.tabId);
    default:
      return false;
  }
}

/**
 * Devtools page → background, on DEVTOOLS_PORT: `hello` first (the inspected tab; `session` names
 * this devtools page; `relay: false` when it relays nothing and asks for full capture through
 * webRequest, as in Firefox), then batches of events built from DevTools' network log (its entries
 * joined into capture events in the devtools page: src/capture/har.ts), in order with `navigated`
 * when DevTools saw the tab navigate (`page`: the number its requests carry from then on, on their
 * `before-request` event; `t`: when, ms since the epoch), and a ping every 20 s. A
 * Chromium relay says hello only once its `onRequestFinished` listener is known to be live, so no
 * request falls between two sources; its hello says which of its pages the tab is on (`page`) and
 * since when (`pageAt`).
 */
export type DevtoolsMessage =
  | { type: 'hello'; tabId: number; session?: string; relay?: boolean; page?: number; pageAt?: number }
  | { type: 'events'; events: CaptureEvent[] }
  | { type: 'navigated'; page: number; t: number }
  | Ping;

export function isDevtoolsMessage(value: unknown): value is DevtoolsMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; tabId?: unknown; events?: unknown; session?: unknown; relay?: unknown; page?: unknown };
  switch (v.type) {
    case 'hello': {
      const h = value as { page?: unknown; pageAt?: unknown };
      return Number.isInteger(v.tabId) && (v.session === undefined || typeof v.session === 'string') && (v.relay === undefined || typeof v.relay === 'boolean')
        && (h.page === undefined || (Number.isInteger(h.page) && (h.page as number) >= 0)) && (h.pageAt === undefined || (typeof h.pageAt === 'number' && Number.isFinite(h.pageAt)));
    }
    case 'events':
      return Array.isArray(v.events);
    case 'navigated':
      return Number.isInteger(v.page) && (v.page as number) >= 0 && typeof (value as { t?: unknown }).t === 'number' && Number.isFinite((value as { t: number }).t);
    case 'ping':
      return true;
    default:
      return false;
  }
}

export function isSubscribe(value: unknown): value is Subscribe {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; tabId?: unknown };
  return v.type === 'subscribe' && Number.isInteger(v.tabId);
}
