/**
 * The CORS zoo (scripts/zoo/, the `npm start` demo site) for the browser tests: Chromium with the
 * extension and the zoo's host names mapped to 127.0.0.1, the panel page for a tab, Chromium's own
 * verdict per URL from CDP, and running copied curl commands against the loopback servers.
 */
import { execFile } from 'node:child_process';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startZoo } from '../../../scripts/zoo/zoo.mjs';
import type { Zoo, ZooOptions, ZooResult } from '../../../scripts/zoo/zoo.mjs';
import type { Report, ReportEntry } from '../../../src/report/types.js';
import { fetchReport, launchWithExtension } from './extension.js';
import type { ExtensionHandle } from './extension.js';

export { startZoo };
export type { LoggedRequest, Zoo, ZooCase, ZooResult } from '../../../scripts/zoo/zoo.mjs';

/** Only what these helpers call inside extension pages. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** The zoo page's script API (`window.zoo`). */
interface ZooWindow {
  zoo: { run(id: string): Promise<ZooResult>; runAll(): Promise<ZooResult[]>; ids: string[] };
}

export interface ZooBrowser {
  zoo: Zoo;
  ext: ExtensionHandle;
  close(): Promise<void>;
}

/** Start the zoo and a headless Chromium with the extension that resolves the zoo's names to 127.0.0.1. */
export async function startZooBrowser(options: ZooOptions = {}): Promise<ZooBrowser> {
  const zoo = await startZoo(options);
  let ext: ExtensionHandle;
  try {
    ext = await launchWithExtension({ args: [`--host-resolver-rules=${zoo.hostResolverRules}`] });
  } catch (error) {
    await zoo.close();
    throw error;
  }
  return {
    zoo,
    ext,
    async close() {
      await ext.close().catch(() => undefined);
      await zoo.close();
    },
  };
}

/** Run zoo cases from the zoo page, one after the other, as its buttons do. */
export function runCases(page: Page, ids: readonly string[]): Promise<ZooResult[]> {
  return page.evaluate(async (list) => {
    const w = window as unknown as ZooWindow;
    const out: ZooResult[] = [];
    for (const id of list) out.push(await w.zoo.run(id));
    return out;
  }, [...ids]);
}

/** The per-click tag of a zoo URL (`?t=`), or null. */
export function tagOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('t');
  } catch {
    return null;
  }
}

/** Poll the report until every result has an entry that is not pending (bounded); throws with what is missing. */
export async function settledEntries(
  context: BrowserContext,
  extensionId: string,
  tabId: number,
  results: readonly ZooResult[],
  timeoutMs = 10_000,
): Promise<{ report: Report; byCase: Map<string, ReportEntry> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await fetchReport(context, extensionId, tabId);
    const byCase = new Map<string, ReportEntry>();
    const missing: string[] = [];
    for (const r of results) {
      const entry = report.entries.find((e) => tagOf(e.url) === r.tag && e.method === r.method && e.verdict !== 'pending');
      if (entry) byCase.set(r.id, entry);
      else missing.push(r.id);
    }
    if (missing.length === 0) return { report, byCase };
    if (Date.now() > deadline) throw new Error(`no settled report entry within ${timeoutMs} ms for: ${missing.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface PanelOptions {
  theme?: 'light' | 'dark';
  /** `?e2e=1`: the panel exposes its last copied text as `document.body.dataset.lastCopied`. */
  e2e?: boolean;
  viewport?: { width: number; height: number };
}

/** The panel page in a tab for `tabId` (it subscribes: full capture), once the tab is in full capture. */
export async function openPanelPage(context: BrowserContext, extensionId: string, tabId: number, options: PanelOptions = {}): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(options.viewport ?? { width: 1280, height: 860 });
  const query = new URLSearchParams({ tabId: String(tabId) });
  if (options.theme) query.set('theme', options.theme);
  if (options.e2e !== false) query.set('e2e', '1');
  await page.goto(`chrome-extension://${extensionId}/panel.html?${query.toString()}`);
  const deadline = Date.now() + 5_000;
  for (;;) {
    const state = (await page.evaluate((t) => chrome.runtime.sendMessage({ type: 'cors-lens/tab-state', tabId: t }), tabId)) as { mode?: string } | null;
    if (state?.mode === 'full') return page;
    if (Date.now() > deadline) throw new Error(`the panel page for tab ${tabId} did not switch it to full capture (state ${JSON.stringify(state)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- Chromium's own verdict (CDP) -------------------------------------------------------------------

export type ChromiumVerdict =
  | { verdict: 'allowed' }
  | { verdict: 'blocked'; corsError: string; parameter: string }
  | { verdict: 'failed'; errorText: string }
  | { verdict: 'unknown' };

export interface ChromiumRecorder {
  /** Chromium's verdict for the request first sent to `url` (preflights excluded). */
  verdictFor(url: string): ChromiumVerdict;
}

/** Record `Network.loadingFailed.corsErrorStatus` per request (research feasibility.md §4). Call before `Network.enable`. */
export function recordChromium(cdp: CDPSession): ChromiumRecorder {
  const firstUrl = new Map<string, string>();
  const failed = new Map<string, { errorText: string; corsError: string | null; parameter: string }>();
  const finished = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.initiator.type === 'preflight' || firstUrl.has(e.requestId)) return;
    firstUrl.set(e.requestId, e.request.url);
  });
  cdp.on('Network.loadingFailed', (e) => {
    failed.set(e.requestId, {
      errorText: e.errorText,
      corsError: e.corsErrorStatus ? String(e.corsErrorStatus.corsError) : null,
      parameter: e.corsErrorStatus?.failedParameter ?? '',
    });
  });
  cdp.on('Network.loadingFinished', (e) => finished.add(e.requestId));
  return {
    verdictFor(url) {
      // CDP reports the URL as sent (percent-encoded); compare parsed forms.
      const want = normalUrl(url);
      const id = [...firstUrl].find(([, u]) => normalUrl(u) === want)?.[0];
      if (id === undefined) return { verdict: 'unknown' };
      const f = failed.get(id);
      if (f?.corsError) return { verdict: 'blocked', corsError: f.corsError, parameter: f.parameter };
      if (f) return { verdict: 'failed', errorText: f.errorText };
      return finished.has(id) ? { verdict: 'allowed' } : { verdict: 'unknown' };
    },
  };
}

function normalUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

// ---- curl ----------------------------------------------------------------------------------------

export interface CurlRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run a copied "Copy as curl" text with bash. `curl` is wrapped so every host name connects to
 * 127.0.0.1 on the same port (`--connect-to ::127.0.0.1:`; the Host header stays as copied), with a
 * time limit: the zoo's names resolve nowhere else, and nothing leaves the machine.
 */
export function runCopiedCurl(text: string, timeoutMs = 15_000): Promise<CurlRun> {
  const script = `curl() { command curl --connect-to ::127.0.0.1: --max-time 5 --no-progress-meter "$@"; }\n${text}\n`;
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { timeout: timeoutMs, maxBuffer: 4 << 20, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface HttpResponseText {
  status: number;
  /** Header pairs as printed, in order. */
  headers: [string, string][];
}

/** The responses in `curl -si` output (status line, headers, blank line, body), in order. */
export function parseCurlResponses(out: string): HttpResponseText[] {
  const responses: HttpResponseText[] = [];
  const lines = out.split(/\r?\n/);
  let current: HttpResponseText | null = null;
  for (const line of lines) {
    const status = /^HTTP\/[\d.]+ (\d{3})/.exec(line);
    if (status) {
      current = { status: Number(status[1]), headers: [] };
      responses.push(current);
      continue;
    }
    if (!current) continue;
    if (line === '') {
      current = null;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) current.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return responses;
}

/** Combined value of a header in a parsed response (repeated lines joined with ', '), or null. */
export function headerValue(r: HttpResponseText, name: string): string | null {
  const values = r.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  return values.length === 0 ? null : values.join(', ');
}
