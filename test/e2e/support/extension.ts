/**
 * Headless Chromium with the built extension (dist/chrome) loaded, plus the few ways the e2e tests
 * talk to it: the tab id of a test page, the `cors-lens/report` message (sent from an extension page,
 * as the panel does), waiting until the background has settled its entries, and stopping the MV3
 * service worker the way Chromium does when it is idle.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import type { Report, ReportEntry } from '../../../src/report/types.js';
import { launchChromium } from './chromium.js';
import type { LaunchOptions } from './chromium.js';
import { askReport, pollForReport } from './report.js';
import type { PollOptions, Polled } from './report.js';
import { sleep } from './wait.js';

export type { PollOptions, Polled } from './report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** CORS_LENS_EXTENSION may point at another unpacked build (absolute path). */
export const EXTENSION_DIR = resolve(process.env.CORS_LENS_EXTENSION ?? join(ROOT, 'dist', 'chrome'));
/** The extension page the report is requested from (the panel, opened in a tab with `?tabId=`). */
export const REPORT_PAGE = 'panel.html';

/** Minimal typing of the `chrome` API used inside sw.evaluate / page.evaluate (no @types/chrome here). */
interface ChromeApi {
  tabs: { query(info: object): Promise<{ id?: number; url?: string }[]> };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}
declare const chrome: ChromeApi;

interface JournalGlobal {
  __corsLensJournal?: unknown[];
}

/** Why the extension cannot be tested, or null when dist/chrome looks built. */
export function extensionProblem(dir: string = EXTENSION_DIR): string | null {
  if (!existsSync(join(dir, 'manifest.json'))) {
    return `the extension is not built (missing ${join(dir, 'manifest.json')}): run \`npm run build\` before the e2e tests`;
  }
  return null;
}

export interface ExtensionHandle {
  context: BrowserContext;
  /** The extension's service worker (Playwright keeps this handle valid across worker restarts). */
  sw: Worker;
  extensionId: string;
  extensionDir: string;
  close(): Promise<void>;
}

export interface ExtensionLaunchOptions extends Omit<LaunchOptions, 'extensionDir'> {
  /** Default: dist/chrome (or CORS_LENS_EXTENSION). */
  extensionDir?: string;
  /** How long to wait for the service worker to appear (ms, default 10 s). */
  workerTimeout?: number;
}

/** Launch Chromium with the unpacked extension; fails clearly when it is not built or its worker never starts. */
export async function launchWithExtension(options: ExtensionLaunchOptions = {}): Promise<ExtensionHandle> {
  const extensionDir = resolve(options.extensionDir ?? EXTENSION_DIR);
  const problem = extensionProblem(extensionDir);
  if (problem !== null) throw new Error(problem);
  // launchChromium adds both --disable-extensions-except and --load-extension (Playwright needs both).
  const browser = await launchChromium({ ...options, extensionDir });
  try {
    const sw =
      browser.context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await browser.context.waitForEvent('serviceworker', {
        predicate: (w) => w.url().startsWith('chrome-extension://'),
        timeout: options.workerTimeout ?? 10_000,
      }));
    const extensionId = new URL(sw.url()).host;
    return { context: browser.context, sw, extensionId, extensionDir, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw new Error(`the extension in ${extensionDir} loaded no service worker: ${String(error)}`);
  }
}

/**
 * Tab id of the first tab whose URL starts with `url` (or equals it, with `exact`). Polled: a fresh
 * tab's URL reaches chrome.tabs a moment after navigation.
 */
export async function tabIdOf(sw: Worker, url: string, options: { exact?: boolean; timeoutMs?: number } = {}): Promise<number> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    const id = await sw.evaluate(
      async ({ url, exact }) =>
        (await chrome.tabs.query({})).find((t) => (exact ? t.url === url : t.url?.startsWith(url) === true))?.id,
      { url, exact: options.exact === true },
    );
    if (typeof id === 'number') return id;
    if (Date.now() > deadline) {
      throw new Error(`no tab with a URL ${options.exact === true ? 'equal to' : 'starting with'} ${url} (does the manifest grant host permissions?)`);
    }
    await sleep(50);
  }
}

/** One extension page per context, reused by every fetchReport (opening a page per poll is slow). */
const reportPages = new WeakMap<BrowserContext, Page>();

async function reportPage(context: BrowserContext, extensionId: string, tabId: number | undefined): Promise<Page> {
  const open = reportPages.get(context);
  if (open && !open.isClosed()) return open;
  const page = await context.newPage();
  const url = `chrome-extension://${extensionId}/${REPORT_PAGE}${tabId === undefined ? '' : `?tabId=${tabId}`}`;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
  } catch (error) {
    await page.close().catch(() => undefined);
    throw new Error(`cannot open ${url} (is ${REPORT_PAGE} in the build?): ${String(error)}`);
  }
  reportPages.set(context, page);
  return page;
}

/** The report for one tab (or all tabs), unredacted, asked from an extension page as the panel does. */
export async function fetchReport(context: BrowserContext, extensionId: string, tabId?: number): Promise<Report> {
  const page = await reportPage(context, extensionId, tabId);
  return askReport(tabId, (request) => page.evaluate((message) => chrome.runtime.sendMessage(message), request));
}

/** Ask for the report until `done(report)` holds, bounded; returns the last report either way. */
export async function pollReport(
  context: BrowserContext,
  extensionId: string,
  tabId: number | undefined,
  done: (report: Report) => boolean,
  options: PollOptions = {},
): Promise<Polled> {
  return pollForReport(() => fetchReport(context, extensionId, tabId), done, options);
}

export interface RequestKey {
  url: string;
  method: string;
}

/** Entries for one URL as first requested and one method (normally exactly one, since URLs carry a unique tag). */
export function entriesFor(report: Report, key: RequestKey): ReportEntry[] {
  return report.entries.filter((e) => e.url === key.url && e.method === key.method);
}

/** The expected requests that have no entry yet, and those whose entry is still pending. */
export function unsettledKeys(report: Report, expected: readonly RequestKey[]): { missing: RequestKey[]; pending: RequestKey[] } {
  const missing: RequestKey[] = [];
  const pending: RequestKey[] = [];
  for (const key of expected) {
    const found = entriesFor(report, key);
    if (found.length === 0) missing.push(key);
    else if (found.some((e) => e.verdict === 'pending')) pending.push(key);
  }
  return { missing, pending };
}

export interface Settled extends Polled {
  /** Expected requests with no entry at all when polling stopped. */
  missing: RequestKey[];
  /** Expected requests whose entry was still 'pending' when polling stopped. */
  pending: RequestKey[];
}

/**
 * Poll until every expected request has an entry and none of them is 'pending' (the background
 * updates entries asynchronously). Never throws on timeout: the caller asserts on `missing`/`pending`.
 */
export async function waitSettled(
  context: BrowserContext,
  extensionId: string,
  tabId: number | undefined,
  expected: readonly RequestKey[],
  options: PollOptions = {},
): Promise<Settled> {
  const unsettled = (report: Report) => unsettledKeys(report, expected);
  const polled = await pollReport(context, extensionId, tabId, (r) => {
    const u = unsettled(r);
    return u.missing.length === 0 && u.pending.length === 0;
  }, options);
  return { ...polled, ...unsettled(polled.report) };
}

/** Start the background's event journal (every normalised webRequest event is pushed to a global array). */
export async function startJournal(sw: Worker): Promise<void> {
  await sw.evaluate(() => {
    (globalThis as unknown as JournalGlobal).__corsLensJournal = [];
  });
}

/** The journal so far ([] when the background does not keep one). */
export async function readJournal(sw: Worker): Promise<unknown[]> {
  const events = await sw.evaluate(() => (globalThis as unknown as JournalGlobal).__corsLensJournal ?? null);
  if (events === null) throw new Error('the background keeps no journal (globalThis.__corsLensJournal is gone: did the worker restart?)');
  return events;
}

type RunningStatus = 'stopped' | 'starting' | 'running' | 'stopping';

export interface StoppedWorker {
  /** CDP ServiceWorker versionId of the extension's worker. */
  versionId: string;
  /** Status before the stop ('stopped' means it was idle-stopped already and nothing was done). */
  before: RunningStatus;
  elapsedMs: number;
}

/**
 * Stop the extension's MV3 service worker, as Chromium does after ~30 s idle (Playwright's attachment
 * keeps it alive otherwise), and wait until CDP reports it 'stopped'.
 *
 * What works in headless Chromium 156 (checked: a global set in the worker before is gone after the
 * next message restarts it): a CDP session on any page, `ServiceWorker.enable` (it lists the extension's
 * worker too, with its versionId), then `ServiceWorker.stopWorker({versionId})`. `ServiceWorker.stopAllWorkers`
 * and `Target.closeTarget` on the `service_worker` target (from `Target.getTargets` on a page session)
 * also stop it; stopWorker is used because it touches only our worker. Persistent contexts have no
 * Browser object, so there is no browser-level CDP session to use instead.
 * After the stop, do not `sw.evaluate` before something wakes the worker (a runtime message from an
 * extension page does): evaluate on a stopped worker hangs. Once woken, the same Worker handle works.
 */
export async function stopServiceWorker(context: BrowserContext, extensionId: string, timeoutMs = 10_000): Promise<StoppedWorker> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const scope = `chrome-extension://${extensionId}/`;
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const status = new Map<string, RunningStatus>();
  const registrations = new Set<string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    for (const r of e.registrations) if (r.scopeURL.startsWith(scope)) registrations.add(r.registrationId);
  });
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) {
      if (v.scriptURL.startsWith(scope) || registrations.has(v.registrationId)) status.set(v.versionId, v.runningStatus);
    }
  });
  const waitFor = async (what: string, ok: () => boolean): Promise<void> => {
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`stopServiceWorker: ${what} within ${timeoutMs} ms (seen: ${JSON.stringify([...status])})`);
      await sleep(20);
    }
  };
  try {
    await cdp.send('ServiceWorker.enable');
    await waitFor(`no service worker version for ${scope}`, () => status.size > 0);
    // The live version is the one not stopped; when all are stopped there is nothing to do.
    const live = [...status].find(([, s]) => s !== 'stopped');
    if (!live) {
      const [versionId = '', before = 'stopped'] = [...status][0] ?? [];
      return { versionId, before, elapsedMs: Date.now() - started };
    }
    const [versionId, before] = live;
    await cdp.send('ServiceWorker.stopWorker', { versionId });
    await waitFor(`worker ${versionId} did not report 'stopped'`, () => status.get(versionId) === 'stopped');
    return { versionId, before, elapsedMs: Date.now() - started };
  } finally {
    await cdp.send('ServiceWorker.disable').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
    await page.close().catch(() => undefined);
  }
}

/**
 * Full capture in every tab ("Always record all tabs"): without it, tabs with no panel open are in
 * light mode (failures only, issue #7). Scenario tests want full capture everywhere.
 */
export async function setRecordAllTabs(context: BrowserContext, extensionId: string, on: boolean): Promise<void> {
  const page = await reportPage(context, extensionId, undefined);
  const settings: unknown = await page.evaluate((value) => chrome.runtime.sendMessage({ type: 'cors-lens/settings', set: { recordAllTabs: value } }), on);
  if ((settings as { recordAllTabs?: unknown } | null)?.recordAllTabs !== on) throw new Error(`recordAllTabs not set: ${JSON.stringify(settings)}`);
}
