/**
 * Chromium with CORS Lens driven by puppeteer-core, for tests that need DevTools open on one tab
 * (`page.openDevTools()`, CDP Target.openDevTools; Playwright cannot): the extension's devtools
 * page then relays that tab's network log to the background (issue #7, `devtools` capture source).
 *
 * Also a thin adapter so the Playwright-typed Chromium oracle (oracle.ts) runs on puppeteer: it
 * only calls `context.newPage()`, `context.newCDPSession(page)` and, on what they return,
 * `evaluate`, `goto(url, { waitUntil: 'load' })`, `close`, `on`, `send` and `detach`, which
 * puppeteer's Page and CDPSession have with the same meaning.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import type { BrowserContext } from 'playwright-core';
import type { TabState } from '../../../src/messages.js';
import type { Report } from '../../../src/report/types.js';
import { BASE_ARGS, CHROMIUM_PATH } from './chromium.js';
import { EXTENSION_DIR, extensionProblem, type RequestKey, type Settled, unsettledKeys } from './extension.js';
import { askReport, pollForReport, type PollOptions, type Polled } from './report.js';
import { poll } from './wait.js';

/** Minimal typing of what runs inside the extension page. */
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(info: object): Promise<{ id?: number; url?: string }[]> };
};

export interface PuppeteerExtension {
  browser: Browser;
  extensionId: string;
  /** An extension page (panel.html without `?tabId=`: it subscribes to nothing) to send messages from. */
  messages: Page;
  /** Send a runtime message from the extension page, as the panel does. */
  send(message: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Launch headless Chromium (puppeteer-core) with dist/chrome loaded and an extension page to talk to the background. */
export async function launchPuppeteerWithExtension(options: { args?: string[]; extensionDir?: string } = {}): Promise<PuppeteerExtension> {
  const extensionDir = resolve(options.extensionDir ?? EXTENSION_DIR);
  const problem = extensionProblem(extensionDir);
  if (problem !== null) throw new Error(problem);
  const userDataDir = await mkdtemp(join(tmpdir(), 'cors-lens-devtools-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      pipe: true,
      // Keeps --load-extension working (puppeteer passes --disable-extensions otherwise).
      enableExtensions: true,
      userDataDir,
      timeout: 30_000,
      args: [...BASE_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...(options.args ?? [])],
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`could not launch Chromium at ${CHROMIUM_PATH}: ${String(error)}`);
  }
  const close = async (): Promise<void> => {
    await browser.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 10_000 });
    const extensionId = new URL(sw.url()).host;
    const messages = await browser.newPage();
    await messages.goto(`chrome-extension://${extensionId}/panel.html`, { waitUntil: 'domcontentloaded' });
    const send = (message: unknown): Promise<unknown> => messages.evaluate((m) => chrome.runtime.sendMessage(m), message as never);
    return { browser, extensionId, messages, send, close };
  } catch (error) {
    await close();
    throw new Error(`the extension in ${extensionDir} did not start: ${String(error)}`);
  }
}

/** The Playwright `BrowserContext` surface oracle.ts uses, made of puppeteer (pages are puppeteer Pages). */
export function oracleContext(browser: Browser): BrowserContext {
  return {
    newPage: () => browser.newPage(),
    newCDPSession: (page: Page) => page.createCDPSession(),
  } as unknown as BrowserContext;
}

/** The tab id of the first tab whose URL equals `url` (polled: a fresh tab's URL reaches chrome.tabs a moment later). */
export async function tabIdOfUrl(ext: PuppeteerExtension, url: string, timeoutMs = 5_000): Promise<number> {
  const polled = await poll(
    () => ext.messages.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? -1, url),
    (id) => id >= 0,
    { timeoutMs, intervalMs: 50 },
  );
  if (!polled.done) throw new Error(`no tab with URL ${url}`);
  return polled.value;
}

export async function tabState(ext: PuppeteerExtension, tabId: number): Promise<TabState> {
  return (await ext.send({ type: 'cors-lens/tab-state', tabId })) as TabState;
}

/** Poll `cors-lens/tab-state` until `done` holds; returns the last state either way. */
export async function waitTabState(ext: PuppeteerExtension, tabId: number, done: (s: TabState) => boolean, options: PollOptions = {}): Promise<TabState> {
  return (await poll(() => tabState(ext, tabId), done, { timeoutMs: 10_000, ...options })).value;
}

export interface OpenedDevtools {
  /** The DevTools front-end's page. */
  front: Page;
  /** Close DevTools (its window target), which ends the devtools page and its relay port. */
  close(): Promise<void>;
}

/** Open DevTools on `page` (CDP Target.openDevTools); the extension's devtools page starts with it. */
export async function openDevtools(page: Page): Promise<OpenedDevtools> {
  const front = await page.openDevTools().catch((error: unknown) => {
    throw new Error(`page.openDevTools() (CDP Target.openDevTools) failed: ${String(error)}`);
  });
  return {
    front,
    // The caller polls tab-state for the switch back (the relay port closes with the devtools page).
    close: () => front.close().catch(() => undefined),
  };
}

export async function fetchReportVia(ext: PuppeteerExtension, tabId?: number): Promise<Report> {
  return askReport(tabId, (request) => ext.send(request));
}

export async function pollReportVia(ext: PuppeteerExtension, tabId: number | undefined, done: (r: Report) => boolean, options: PollOptions = {}): Promise<Polled> {
  return pollForReport(() => fetchReportVia(ext, tabId), done, options);
}

/** As extension.ts's waitSettled: until every expected request has an entry and none is pending. */
export async function waitSettledVia(ext: PuppeteerExtension, tabId: number | undefined, expected: readonly RequestKey[], options: PollOptions = {}): Promise<Settled> {
  const unsettled = (report: Report) => unsettledKeys(report, expected);
  const polled = await pollReportVia(ext, tabId, (r) => {
    const u = unsettled(r);
    return u.missing.length === 0 && u.pending.length === 0;
  }, options);
  return { ...polled, ...unsettled(polled.report) };
}
