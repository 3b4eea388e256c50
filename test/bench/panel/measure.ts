/**
 * The panel measurement itself, DOM-agnostic: runs in Node under happy-dom and, bundled, in a
 * real browser page (no Node imports here).
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { makeFinding } from '../../../src/catalogue/finding.js';
import { App } from '../../../src/ui/components/App.js';
import type { Backend, LivePort } from '../../../src/ui/backend.js';
import type { Report, ReportEntry } from '../../../src/report/types.js';
import { LogStore } from '../../../src/ui/store.js';

const idle: LivePort = { post() {}, onMessage() {}, onDisconnect() {}, disconnect() {} };
const report: Report = { schema: 'cors-lens.report/1', generatedAt: '', browser: 'chromium', entries: [] };

/** A backend that answers at once and does nothing. */
export const quietBackend: Backend = {
  connect: () => idle,
  send: (async (req: { type: string }) => (req.type.endsWith('report') ? report : req.type.endsWith('tab-state') ? { mode: 'full', recorded: false, recordAllTabs: false, lightEntries: 0 } : { preserveLog: false, recordAllTabs: false })) as unknown as Backend['send'],
  reload: async () => {},
  hasHostPermission: async () => true,
  requestHostPermission: async () => true,
  copy: async () => {},
  save: async () => {},
  loadPref: () => null,
  savePref: () => {},
};

/** `n` entries like a busy app's: every 5th blocked (preflight), every 7th failed, the rest allowed. */
export function syntheticEntries(n: number): ReportEntry[] {
  const out: ReportEntry[] = [];
  const blocked = makeFinding('method-not-allowed', { parameter: 'PUT', header: 'access-control-allow-methods', required: 'PUT', response: 'preflight' });
  const failed = makeFinding('connection-refused', { parameter: 'net::ERR_CONNECTION_REFUSED', observed: 'net::ERR_CONNECTION_REFUSED' });
  for (let i = 1; i <= n; i++) {
    const verdict = i % 5 === 0 ? 'blocked' : i % 7 === 0 ? 'failed' : 'allowed';
    const url = `https://api${i % 13}.example/v1/items/${i}?q=${i}`;
    out.push({
      id: `e${i}`, tabId: 1, url, finalUrl: url, method: i % 5 === 0 ? 'PUT' : 'GET', initiator: 'https://app.example', type: 'xmlhttprequest',
      startedAt: 1_700_000_000_000 + i * 10, verdict,
      reasons: verdict === 'blocked' ? [blocked] : verdict === 'failed' ? [failed] : [], warnings: [],
      credentials: { mode: 'omit', inferred: false },
      preflight: verdict === 'blocked' ? { status: 204, requestHeaders: [['Origin', 'https://app.example'], ['Access-Control-Request-Method', 'PUT']], responseHeaders: [['Access-Control-Allow-Origin', 'https://app.example']], cached: false } : null,
      response: verdict === 'allowed' ? { status: 200, headers: [['Access-Control-Allow-Origin', 'https://app.example'], ['Content-Type', 'application/json']] } : null,
      redirects: [], proxy: null, error: verdict === 'blocked' ? 'net::ERR_FAILED' : verdict === 'failed' ? 'net::ERR_CONNECTION_REFUSED' : null,
      requestHeaders: [['Origin', 'https://app.example'], ['Accept', 'application/json']], mode: 'full',
    });
  }
  return out;
}

export interface PanelTimings {
  entries: number;
  renderMs: number;
  rowsInDom: number;
  keystrokeMs: number[];
  liveBatchMs: number;
}

export const KEYSTROKES = ['a', 'ap', 'api', 'api1', 'api12', 'api1', 'put', 'blocked', ''];

/**
 * Renders the App with `entries` into `doc`, then types KEYSTROKES into the filter and feeds a
 * burst of 200 live entries. `layout`: force style and layout after each step (real browsers).
 */
export function measurePanel(doc: Document, entries: ReportEntry[], layout = false): PanelTimings {
  const root = doc.createElement('div');
  root.style.height = '600px';
  doc.body.append(root);
  const store = new LogStore();
  store.apply({ type: 'snapshot', tabId: 1, entries });
  const settle = () => {
    if (layout) void root.getBoundingClientRect().height;
  };
  const EventCtor = (doc.defaultView as unknown as { Event: typeof Event }).Event;

  let t0 = performance.now();
  act(() => {
    render(h(App, { backend: quietBackend, options: { tabId: 1, browser: 'chromium' }, store, live: false }), root);
  });
  settle();
  const renderMs = performance.now() - t0;
  const rowsInDom = root.querySelectorAll('[data-testid="row"]').length;

  const input = root.querySelector('[data-testid="filter"]') as HTMLInputElement;
  const keystrokeMs: number[] = [];
  for (const text of KEYSTROKES) {
    t0 = performance.now();
    act(() => {
      input.value = text;
      input.dispatchEvent(new EventCtor('input', { bubbles: true }));
    });
    settle();
    keystrokeMs.push(performance.now() - t0);
  }

  t0 = performance.now();
  act(() => {
    for (let i = 0; i < 200; i++) store.apply({ type: 'entry', entry: { ...(entries[i % entries.length] as ReportEntry), id: `live${i}` } });
  });
  settle();
  const liveBatchMs = performance.now() - t0;

  act(() => render(null, root));
  root.remove();
  return { entries: entries.length, renderMs, rowsInDom, keystrokeMs, liveBatchMs };
}

export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Several measurements after warm-up, summarised as the JSON lines the bench prints. */
export function summarise(dom: string, runs: PanelTimings[]): object[] {
  const keys = runs.flatMap((r) => r.keystrokeMs);
  const entries = runs[0]?.entries ?? 0;
  return [
    { bench: 'panel.render', dom, entries, medianMs: round(median(runs.map((r) => r.renderMs))), maxMs: round(Math.max(...runs.map((r) => r.renderMs))), rowsInDom: runs[0]?.rowsInDom, targetMs: 200 },
    { bench: 'panel.filter-keystroke', dom, entries, medianMs: round(median(keys)), p90Ms: round([...keys].sort((a, b) => a - b)[Math.floor(keys.length * 0.9)] ?? NaN), maxMs: round(Math.max(...keys)), targetMs: 30 },
    { bench: 'panel.live-batch', dom, entries, newEntries: 200, medianMs: round(median(runs.map((r) => r.liveBatchMs))) },
  ];
}
