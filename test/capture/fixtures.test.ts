/**
 * Replays real browser recordings through the capture code, without a browser: every
 * test/fixtures/events/{chromium,firefox}/*.json holds the normalised webRequest events the extension
 * saw for one scenario plus the browser's own verdict (recorded by test/e2e/record-fixtures.test.ts and
 * test/e2e/firefox-record.test.ts). Capture, fed those events with the browser's profile, must reach
 * the same verdict, and its first reason must carry the browser's CorsError (+ failedParameter) or
 * Firefox reason id.
 *
 * A fixture set is required: with no fixture at all this fails, unless CORS_LENS_ALLOW_NO_FIXTURES=1.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Capture } from '../../src/capture/capture.js';
import type { CaptureEvent } from '../../src/capture/events.js';
import { CHROMIUM, FIREFOX } from '../../src/engine/profile.js';
import type { ReportEntry } from '../../src/report/types.js';

type BrowserName = 'chromium' | 'firefox';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIRS: Readonly<Record<BrowserName, string>> = {
  chromium: join(ROOT, 'test', 'fixtures', 'events', 'chromium'),
  firefox: join(ROOT, 'test', 'fixtures', 'events', 'firefox'),
};
/** Fixed stand-ins for the recorders' port placeholders (any distinct ports do). */
const PORTS: Readonly<Record<string, number>> = { PAGE: 5000, API: 6000, THIRD: 7000, REFUSED: 9 };
const ALLOW_NONE = process.env.CORS_LENS_ALLOW_NO_FIXTURES === '1';

interface Truth {
  verdict: 'allowed' | 'blocked' | 'failed';
  /** Chromium: CDP corsErrorStatus. */
  corsError?: string | null;
  failedParameter?: string | null;
  /** Firefox: security.properties id of the first "Blocked" console message. */
  reason?: string | null;
}

interface Fixture {
  file: string;
  folder: BrowserName;
  browser: string;
  id: string;
  truth: Truth;
  events: CaptureEvent[];
}

function withPorts(text: string): string {
  return text.replace(/(127\.0\.0\.[0-9]+):(PAGE|API|THIRD|REFUSED)(?![A-Za-z0-9])/g, (_whole, host: string, name: string) => `${host}:${PORTS[name] ?? 0}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse and check one file; a malformed fixture is a failure, never skipped. */
function load(folder: BrowserName, file: string): Fixture | string {
  let raw: unknown;
  try {
    raw = JSON.parse(withPorts(readFileSync(join(DIRS[folder], file), 'utf8')));
  } catch (error) {
    return `${folder}/${file}: not JSON (${String(error)})`;
  }
  if (!isObject(raw)) return `${folder}/${file}: not an object`;
  const { browser, scenario, truth, events } = raw;
  const id = typeof scenario === 'string' ? scenario : isObject(scenario) && typeof scenario.id === 'string' ? scenario.id : null;
  if (typeof browser !== 'string' || id === null) return `${folder}/${file}: needs browser and scenario(.id)`;
  if (!isObject(truth) || !['allowed', 'blocked', 'failed'].includes(String(truth.verdict))) return `${folder}/${file}: truth.verdict must be allowed|blocked|failed`;
  if (!Array.isArray(events) || events.length === 0) return `${folder}/${file}: no events`;
  if (!events.every((e) => isObject(e) && typeof e.kind === 'string' && typeof e.requestId === 'string' && typeof e.url === 'string')) {
    return `${folder}/${file}: events must be CaptureEvents (kind, requestId, url…)`;
  }
  return { file, folder, browser, id, truth: truth as unknown as Truth, events: events as CaptureEvent[] };
}

function listJson(folder: BrowserName): string[] {
  const dir = DIRS[folder];
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

const loaded = (['chromium', 'firefox'] as const).flatMap((folder) => listJson(folder).map((file) => load(folder, file)));
const fixtures = loaded.filter((f): f is Fixture => typeof f !== 'string');
const broken = loaded.filter((f): f is string => typeof f === 'string');

/** The request the scenario made: the first request seen that is not a preflight (it comes first in both browsers). */
function keyOf(events: readonly CaptureEvent[]): { url: string; method: string } | null {
  const first = events.find((e) => e.kind === 'before-request' && e.method !== 'OPTIONS');
  return first ? { url: first.url, method: first.method } : null;
}

function replay(f: Fixture): ReportEntry[] {
  const browser = f.folder;
  const capture = new Capture({ profile: browser === 'firefox' ? FIREFOX : CHROMIUM, browser });
  for (const ev of f.events) capture.handle(ev);
  const key = keyOf(f.events);
  if (!key) throw new Error(`${f.folder}/${f.file}: no non-OPTIONS before-request event`);
  return capture.report(undefined, false).entries.filter((e) => e.url === key.url && e.method === key.method);
}

/** What the browser decided vs what the entry says, in the same shape (as the e2e matrices compare). */
function compared(f: Fixture, e: ReportEntry | null): Record<string, unknown> {
  const first = e?.reasons[0];
  const verdict = e ? e.verdict : f.truth.verdict;
  if (f.folder === 'firefox') {
    return {
      verdict,
      firefox: verdict === 'allowed' ? null : e ? (first?.firefox ?? null) : (f.truth.reason ?? null),
    };
  }
  return {
    verdict,
    chromium: verdict === 'allowed' ? null : e ? (first?.chromium ?? null) : (f.truth.corsError ?? null),
    parameter: verdict === 'blocked' ? (e ? (first?.parameter ?? null) : (f.truth.failedParameter ?? null)) : undefined,
  };
}

describe('replayed browser recordings (test/fixtures/events)', () => {
  it('a fixture set exists (set CORS_LENS_ALLOW_NO_FIXTURES=1 to run without one)', () => {
    if (ALLOW_NONE) return;
    expect(fixtures.length + broken.length, `no JSON under ${DIRS.chromium} or ${DIRS.firefox}: record them (CORS_LENS_RECORD=1, see test/e2e/*record*.test.ts)`).toBeGreaterThan(0);
  });

  it('every fixture file is well-formed', () => {
    expect(broken).toEqual([]);
  });

  it.for(fixtures.map((f) => [`${f.folder}/${f.file}`, f] as const))('%s', ([, f]) => {
    expect(f.browser, 'fixture browser vs its folder').toBe(f.folder);
    const entries = replay(f);
    expect(entries.length, `exactly one entry for the scenario's request (${f.id})`).toBe(1);
    const entry = entries[0] ?? null;
    const detail = `${f.id}: entry ${entry?.verdict ?? '-'} ${entry?.reasons.map((r) => `${r.code}/${f.folder === 'firefox' ? r.firefox : `${r.chromium}[${r.parameter}]`}`).join(', ') ?? ''}`;
    expect(compared(f, entry), detail).toEqual(compared(f, null));
  });
});
