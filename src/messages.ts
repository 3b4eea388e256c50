/**
 * The one typed contract between the background and extension pages (panel, tests).
 * Both ends import these types; nothing crosses the boundary untyped.
 */
import type { Report, ReportEntry } from './report/types.js';

export const REPORT = 'cors-lens/report';
export const CLEAR = 'cors-lens/clear';
export const SETTINGS = 'cors-lens/settings';
export const LIVE_PORT = 'cors-lens/live';

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
}

export interface SettingsRequest {
  type: typeof SETTINGS;
  /** Absent: just read them. */
  set?: Partial<Settings>;
}

export type Request = ReportRequest | ClearRequest | SettingsRequest;

export interface ResponseMap {
  [REPORT]: Report;
  [CLEAR]: { cleared: number };
  [SETTINGS]: Settings;
}

/** Live channel: the panel connects a port named LIVE_PORT and sends `subscribe` with its tab. */
export interface Subscribe {
  type: 'subscribe';
  tabId: number;
  redact?: boolean;
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
    default:
      return false;
  }
}

export function isSubscribe(value: unknown): value is Subscribe {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; tabId?: unknown };
  return v.type === 'subscribe' && Number.isInteger(v.tabId);
}
