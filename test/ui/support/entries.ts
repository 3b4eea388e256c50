/**
 * Report entries for the panel's tests: real ones (browser recordings in test/fixtures/events
 * replayed through Capture, as the background does), ones judged by the engine from an Exchange
 * spec, and cheap synthetic ones for lists.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Capture } from '../../../src/capture/capture.js';
import type { CaptureEvent } from '../../../src/capture/events.js';
import { makeFinding } from '../../../src/catalogue/finding.js';
import type { FindingCode } from '../../../src/catalogue/codes.js';
import { diagnose } from '../../../src/engine/diagnose.js';
import { CHROMIUM, FIREFOX } from '../../../src/engine/profile.js';
import type { HeaderPair } from '../../../src/http/headers.js';
import { browserViews } from '../../../src/report/browsers.js';
import type { ReportEntry } from '../../../src/report/types.js';
import { exchange, type ExchangeSpec } from '../../support/builders.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PORTS: Readonly<Record<string, number>> = { PAGE: 5000, API: 6000, THIRD: 7000, REFUSED: 9 };

/** The scenario's request from a recorded fixture, as the live channel would send it (redacted). */
export function fixtureEntry(name: string, browser: 'chromium' | 'firefox' = 'chromium'): ReportEntry {
  const file = join(ROOT, 'test', 'fixtures', 'events', browser, `${name}.json`);
  const text = readFileSync(file, 'utf8').replace(/(127\.0\.0\.[0-9]+):(PAGE|API|THIRD|REFUSED)(?![A-Za-z0-9])/g, (_w, h: string, n: string) => `${h}:${PORTS[n] ?? 0}`);
  const fx = JSON.parse(text) as { events: CaptureEvent[] };
  const capture = new Capture({ profile: browser === 'firefox' ? FIREFOX : CHROMIUM, browser });
  for (const ev of fx.events) capture.handle(ev);
  const first = fx.events.find((e) => e.kind === 'before-request' && e.method !== 'OPTIONS');
  const found = capture.report(undefined, true).entries.find((e) => first !== undefined && first.kind === 'before-request' && e.url === first.url && e.method === first.method);
  if (!found) throw new Error(`fixture ${browser}/${name}: no entry`);
  // Every fixture's log starts at id 1: name them apart so several can share one list.
  return { ...found, id: `${browser}/${name}` };
}

let seq = 0;

/** An entry judged by the engine (Chromium profile) from an exchange spec (single hop). */
export function judged(spec: ExchangeSpec, over: Partial<ReportEntry> = {}): ReportEntry {
  const e = judgedBase(spec, over);
  // As the background does (src/report/entry.ts): the per-browser views come last, from the entry itself.
  return 'browsers' in over ? e : { ...e, browsers: browserViews(e, 'chromium') };
}

function judgedBase(spec: ExchangeSpec, over: Partial<ReportEntry>): ReportEntry {
  const ex = exchange(spec);
  const d = diagnose(ex, CHROMIUM);
  const hop = ex.hops[0];
  const pf = hop?.preflight;
  const wire: HeaderPair[] = [['Origin', ex.origin], ...ex.headers];
  return {
    id: `j${++seq}`,
    tabId: 1,
    url: hop?.url ?? '',
    finalUrl: hop?.url ?? '',
    method: ex.method,
    initiator: ex.origin,
    type: 'xmlhttprequest',
    startedAt: 1_700_000_000_000 + seq,
    verdict: d.verdict,
    reasons: d.reasons,
    warnings: d.warnings,
    credentials: { mode: d.credentials.mode, inferred: d.credentials.inferred },
    preflight: pf?.kind === 'sent'
      ? { status: pf.response.status, requestHeaders: [['Origin', ex.origin], ['Access-Control-Request-Method', ex.method], ...(d.hops[0]?.preflight.headers.length ? [['Access-Control-Request-Headers', d.hops[0].preflight.headers.join(',')] as HeaderPair] : [])], responseHeaders: [...pf.response.headers], cached: false }
      : pf?.kind === 'cached' ? { status: null, requestHeaders: [], responseHeaders: [], cached: true, maxAge: pf.maxAge ?? null } : null,
    response: hop?.response ? { status: hop.response.status, headers: [...hop.response.headers] } : null,
    redirects: [],
    proxy: null,
    error: hop?.error ?? (d.verdict === 'blocked' ? 'net::ERR_FAILED' : null),
    requestHeaders: d.verdict === 'blocked' && d.reasons[0]?.response === 'preflight' ? [] : wire,
    mode: 'full',
    ...over,
  };
}

const VERDICT_CODE: Record<ReportEntry['verdict'], FindingCode | null> = {
  blocked: 'missing-allow-origin', failed: 'connection-refused', allowed: null, pending: null,
};

/** A cheap entry for list tests: only what the list shows is realistic. */
export function entry(over: Partial<ReportEntry> = {}): ReportEntry {
  const id = over.id ?? `s${++seq}`;
  const verdict = over.verdict ?? 'allowed';
  const code = VERDICT_CODE[verdict];
  return {
    id,
    tabId: 1,
    url: `https://api.example/items/${id}`,
    finalUrl: over.url ?? `https://api.example/items/${id}`,
    method: 'GET',
    initiator: 'https://app.example',
    type: 'xmlhttprequest',
    startedAt: 1_700_000_000_000 + seq,
    verdict,
    reasons: code ? [makeFinding(code, { header: 'access-control-allow-origin', required: 'https://app.example' })] : [],
    warnings: [],
    credentials: { mode: 'omit', inferred: false },
    preflight: null,
    response: verdict === 'failed' ? null : { status: 200, headers: [['Content-Type', 'application/json']] },
    redirects: [],
    proxy: null,
    error: verdict === 'blocked' ? 'net::ERR_FAILED' : verdict === 'failed' ? 'net::ERR_CONNECTION_REFUSED' : null,
    requestHeaders: [['Origin', 'https://app.example'], ['Accept', '*/*']],
    mode: 'full',
    ...over,
  };
}

/** `n` synthetic entries: every 5th blocked, every 7th failed, the rest allowed. */
export function many(n: number): ReportEntry[] {
  const out: ReportEntry[] = [];
  for (let i = 1; i <= n; i++) {
    const verdict = i % 5 === 0 ? 'blocked' : i % 7 === 0 ? 'failed' : 'allowed';
    out.push(entry({ id: `e${i}`, verdict, url: `https://api${i % 13}.example/v1/items/${i}?q=${i}`, method: i % 3 === 0 ? 'PUT' : 'GET', startedAt: 1_700_000_000_000 + i }));
  }
  return out;
}
