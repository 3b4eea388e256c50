/**
 * The unredacted `cors-lens/report` as both browsers' harnesses ask for it: the message, the check that
 * the answer is a report, and polling until a condition holds. How the message reaches the background
 * (an extension page in Chromium, the extension's own tab in Firefox) stays in extension.ts / firefox.ts.
 */
import type { Report } from '../../../src/report/types.js';
import { poll } from './wait.js';
import type { PollOptions } from './wait.js';

export type { PollOptions } from './wait.js';

export interface Polled {
  report: Report;
  /** Whether `done` became true before the timeout. */
  done: boolean;
  elapsedMs: number;
  polls: number;
}

function isReport(value: unknown): value is Report {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { schema?: unknown; entries?: unknown };
  return v.schema === 'cors-lens.report/1' && Array.isArray(v.entries);
}

export interface ReportRequest {
  type: 'cors-lens/report';
  tabId?: number;
  redact: false;
}

/** Send `request` (the `cors-lens/report` message for one tab, or all tabs) and check that the answer is a report. */
export async function askReport(tabId: number | undefined, send: (request: ReportRequest) => Promise<unknown>): Promise<Report> {
  const request: ReportRequest = tabId === undefined ? { type: 'cors-lens/report', redact: false } : { type: 'cors-lens/report', tabId, redact: false };
  let answer: unknown;
  try {
    answer = await send(request);
  } catch (error) {
    throw new Error(`the background did not answer cors-lens/report: ${String(error)}`);
  }
  if (!isReport(answer)) {
    throw new Error(`cors-lens/report answered something else than a cors-lens.report/1: ${JSON.stringify(answer)?.slice(0, 500)}`);
  }
  return answer;
}

/** Fetch the report until `done(report)` holds, bounded; returns the last report either way. */
export async function pollForReport(read: () => Promise<Report>, done: (report: Report) => boolean, options: PollOptions = {}): Promise<Polled> {
  const { value, ...rest } = await poll(read, done, options);
  return { report: value, ...rest };
}
