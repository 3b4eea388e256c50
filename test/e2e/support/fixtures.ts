/**
 * What the two fixture recorders (record-fixtures.test.ts for Chromium, firefox-record.test.ts for
 * Firefox) share: the output folder, the cases' shape, picking one case's events out of the background's
 * journal, and the normalisation that keeps re-recorded files stable. Ports become PAGE / API / THIRD /
 * REFUSED, request, tab and document ids are renumbered by first appearance, Date header values are
 * fixed, and event times start at a fixed epoch.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizedMethod, scenarioById, scenarioUrl } from '../scenarios.js';
import type { Scenario } from '../scenarios.js';
import type { ScenarioRunner } from './page-fetch.js';
import type { Origins } from './servers.js';
import { sleep } from './wait.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The recorders only write with CORS_LENS_RECORD=1. */
export const RECORD = process.env.CORS_LENS_RECORD === '1';
/** Fixture times start here (2023-11-14T22:13:20Z). */
export const BASE_T = 1_700_000_000_000;
export const FIXED_DATE = 'Mon, 01 Jan 2024 00:00:00 GMT';

export type FixtureBrowser = 'chromium' | 'firefox';

/** test/fixtures/events/<browser>; CORS_LENS_FIXTURES_DIR may redirect the output (e.g. to compare two recordings). */
export function fixturesDir(browser: FixtureBrowser): string {
  return resolve(process.env.CORS_LENS_FIXTURES_DIR ?? join(ROOT, 'test', 'fixtures', 'events', browser));
}

export interface FixtureCase {
  /** File name (without .json); the scenario id unless the case is a variation. */
  id: string;
  scenario: string;
  /** The event order it covers. */
  covers: string;
  /** Fetch the scenario's URL once first, then record a repeat of the same URL (preflight cache). */
  repeat?: boolean;
}

export function caseById(cases: readonly FixtureCase[], id: string): FixtureCase {
  const c = cases.find((x) => x.id === id);
  if (!c) throw new Error(`unknown case ${id}`);
  return c;
}

/** The fields of a journal event the recorders read (CaptureEvent has them all). */
export interface JournalEvent {
  kind: string;
  requestId: string;
  url: string;
  method?: string;
  tabId?: number;
  t: number;
}

/** For journals read as unknown[] (Chromium's worker global). */
export function isJournalEvent(value: unknown): value is JournalEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<JournalEvent>;
  return typeof v.kind === 'string' && typeof v.requestId === 'string' && typeof v.url === 'string' && typeof v.t === 'number';
}

function tagOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('t');
  } catch {
    return null;
  }
}

/** This case's events: requests whose before-request carried the tag (the preflight shares the URL; drops stragglers of earlier runs). */
export function eventsFor<E extends JournalEvent>(journal: readonly E[], tag: string): E[] {
  const ids = new Set(journal.filter((e) => e.kind === 'before-request' && tagOf(e.url) === tag).map((e) => e.requestId));
  return journal.filter((e) => ids.has(e.requestId));
}

function isTerminal(e: JournalEvent): boolean {
  return e.kind === 'completed' || e.kind === 'error';
}

/** The actual request (not its preflight) reached completed/error: nothing of it follows. */
function actualDone(events: readonly JournalEvent[], url: string, method: string): boolean {
  const actual = events.find((e) => e.kind === 'before-request' && e.url === url && e.method === method);
  return actual !== undefined && events.some((e) => e.requestId === actual.requestId && isTerminal(e));
}

function allDone(events: readonly JournalEvent[]): boolean {
  const ids = new Set(events.map((e) => e.requestId));
  return [...ids].every((id) => events.some((e) => e.requestId === id && isTerminal(e)));
}

export interface WaitForEventsOptions {
  /**
   * Once the actual request is done, wait up to this long (ms) for the other requests (its preflight)
   * to end too: Firefox may end a redirected preflight after the actual request's error (preflight-302).
   * Without it the events are returned as soon as the actual request is done.
   */
  graceMs?: number;
}

/** Read the journal until the actual request's last event is in it (5 s at most); this case's events. */
export async function waitForEvents<E extends JournalEvent>(
  readJournal: () => Promise<readonly E[]>,
  tag: string,
  url: string,
  method: string,
  options: WaitForEventsOptions = {},
): Promise<E[]> {
  const deadline = Date.now() + 5_000;
  let graceUntil = Number.POSITIVE_INFINITY;
  for (;;) {
    const events = eventsFor(await readJournal(), tag);
    if (actualDone(events, url, method)) {
      if (options.graceMs === undefined || allDone(events) || Date.now() > graceUntil) return events;
      graceUntil = Math.min(graceUntil, Date.now() + options.graceMs);
    } else if (Date.now() > deadline) {
      throw new Error(`no completed/error event for ${method} ${url} in the journal after 5 s (${events.length} events: ${events.map((e) => e.kind).join(', ')})`);
    }
    await sleep(50);
  }
}

/** What a recorder drives in its browser. */
export interface Recorder<T, E extends JournalEvent> {
  /** Start (or restart, emptied) the background's journal. */
  startJournal(): Promise<void>;
  readJournal(): Promise<readonly E[]>;
  first: ScenarioRunner<T>;
  /** A second tab, for the repeat of a URL the first tab already used. */
  second: ScenarioRunner<T>;
  wait?: WaitForEventsOptions;
}

export interface RecordedCase<T, E> {
  scenario: Scenario;
  tag: string;
  /** The browser's verdict for the recorded fetch. */
  truth: T;
  /** The recorded fetch's events, as the journal has them (not yet stableEvents). */
  events: E[];
  /** Date.now() just before the recorded fetch's journal was started. */
  startedAt: number;
}

/** Run one case in the browser: a fresh journal, the scenario's fetch (after a first one for a repeat), its events. */
export async function recordCase<T, E extends JournalEvent>(c: FixtureCase, origins: Origins, recorder: Recorder<T, E>): Promise<RecordedCase<T, E>> {
  const scenario = scenarioById(c.scenario);
  // Stable tags keep the URLs in the fixtures stable (and equal across browsers); each browser run has a fresh profile.
  const tag = `fx-${c.id}`;
  const url = scenarioUrl(scenario, origins, tag);
  const method = normalizedMethod(scenario.request.method);
  const waitForCase = (): Promise<E[]> => waitForEvents(() => recorder.readJournal(), tag, url, method, recorder.wait);
  let oracle = recorder.first;
  if (c.repeat === true) {
    await recorder.startJournal();
    await recorder.first.run(scenario, { tag });
    // Let the first fetch's events all arrive, so none of them lands in the recorded journal.
    await waitForCase();
    oracle = recorder.second;
  }
  const startedAt = Date.now();
  await recorder.startJournal();
  const truth = await oracle.run(scenario, { tag });
  const events = await waitForCase();
  return { scenario, tag, truth, events, startedAt };
}

/** Port → placeholder for the four servers. */
export function portPlaceholders(origins: Origins): Map<string, string> {
  const portOf = (origin: string): string => new URL(origin).port;
  return new Map([
    [portOf(origins.page), 'PAGE'],
    [portOf(origins.api), 'API'],
    [portOf(origins.third), 'THIRD'],
    [portOf(origins.refused), 'REFUSED'],
  ]);
}

/** Replace the servers' ports by their placeholders, everywhere (URLs, Origin, ACAO, console text). */
export function withPlaceholders(value: unknown, ports: ReadonlyMap<string, string>): unknown {
  const text = JSON.stringify(value).replace(/(127\.0\.0\.[0-9]+):([0-9]+)(?![0-9])/g, (whole, host: string, port: string) => {
    const name = ports.get(port);
    return name === undefined ? whole : `${host}:${name}`;
  });
  return JSON.parse(text) as unknown;
}

/** `order`: one ms per event (only the order is kept); `intervals`: the real intervals, rebased. */
export type FixtureTimes = 'order' | 'intervals';

/**
 * Renumber request, tab and document ids by first appearance, fix Date header values, and rebase
 * times to BASE_T.
 */
export function stableEvents<E extends JournalEvent>(events: readonly E[], times: FixtureTimes): E[] {
  const ids = new Map<string, string>();
  const tabs = new Map<number, number>();
  const docs = new Map<string, string>();
  const t0 = events[0]?.t ?? 0;
  return events.map((e: JournalEvent, index) => {
    const out: Record<string, unknown> & JournalEvent = { ...e };
    if (!ids.has(e.requestId)) ids.set(e.requestId, String(ids.size + 1));
    out.requestId = ids.get(e.requestId) ?? e.requestId;
    if (typeof e.tabId === 'number' && e.tabId >= 0) {
      if (!tabs.has(e.tabId)) tabs.set(e.tabId, tabs.size + 1);
      out.tabId = tabs.get(e.tabId) ?? e.tabId;
    }
    out.t = BASE_T + (times === 'order' ? index : Math.round((e.t - t0) * 1000) / 1000);
    for (const field of ['documentId', 'parentDocumentId']) {
      const doc = out[field];
      if (typeof doc === 'string') {
        if (!docs.has(doc)) docs.set(doc, `DOC${docs.size + 1}`);
        out[field] = docs.get(doc);
      }
    }
    if (Array.isArray(out.headers)) {
      out.headers = (out.headers as unknown[]).map((h) =>
        Array.isArray(h) && typeof h[0] === 'string' && h[0].toLowerCase() === 'date' ? [h[0], FIXED_DATE] : h,
      );
    }
    return out as E;
  });
}

/** The `scenario` part of a fixture. */
export function scenarioData(s: Scenario, c: FixtureCase): Record<string, unknown> {
  return {
    id: s.id,
    fixture: c.id,
    title: s.title,
    covers: c.covers,
    request: s.request,
    ...(c.repeat === true ? { repeat: 'the same URL was fetched just before; this is the second fetch' } : {}),
  };
}

export interface Fixture {
  browser: FixtureBrowser;
  version: string;
  /** scenarioData(…). */
  scenario: Record<string, unknown>;
  /** The browser's own verdict. */
  truth: Record<string, unknown>;
  /** Requests the servers saw (Firefox). */
  wire?: { options: number; other: number };
  /** stableEvents(…). */
  events: readonly JournalEvent[];
}

/** Write `<dir>/<id>.json`, ports replaced by their placeholders. */
export async function writeFixture(dir: string, id: string, fixture: Fixture, ports: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${id}.json`), `${JSON.stringify(withPlaceholders(fixture, ports), null, 2)}\n`);
}
