/**
 * Smoke test of the real DevTools panel (research feasibility.md §3 B): DevTools opened on the zoo
 * tab, the CORS panel selected, requests from the zoo listed in the panel frame, which takes its tab
 * from `chrome.devtools.inspectedWindow` (no `?tabId=`).
 *
 * Selecting an extension panel needs a DevTools-internal API (`UI.ViewManager.ViewManager.instance()
 * .showView(id)` in the front-end); each step says what broke when it fails, so a Chromium update
 * that changes the front-end is easy to tell from a panel bug. puppeteer-core drives it because it
 * can attach to the DevTools front-end (`page.openDevTools()`), which Playwright does not list.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import type { Browser, Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_ARGS, CHROMIUM_PATH } from './support/chromium.js';
import { EXTENSION_DIR, extensionProblem } from './support/extension.js';
import { startZoo } from './support/zoo.js';
import type { Zoo, ZooResult } from './support/zoo.js';

const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');
const CASES = ['ok-simple', 'no-acao', 'method-not-allowed', 'network-failure'];

interface ZooWindow { zoo: { run(id: string): Promise<ZooResult> } }

/**
 * Code to run in the DevTools front-end with its ViewManager at hand (`manager`, `views`). A string,
 * not a function: the test runner rewrites `import()` in functions of this file.
 */
function frontEnd(body: string): string {
  return `(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    const manager = UI.ViewManager.ViewManager.instance();
    const views = manager.views;
    ${body}
  })()`;
}

const problem = extensionProblem();
let zoo: Zoo;
let browser: Browser | undefined;
let extensionId: string;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Retry `step` until it returns a value (not undefined) or `ms` passes; the error says which step. */
async function until<T>(what: string, ms: number, step: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await step();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`DevTools smoke test: ${what} (gave up after ${ms} ms${last ? `; last error: ${String(last)}` : ''})`);
    }
    await sleep(100);
  }
}

beforeAll(async () => {
  if (problem !== null) return;
  zoo = await startZoo();
  browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    pipe: true,
    // Keeps --load-extension working (puppeteer passes --disable-extensions otherwise).
    enableExtensions: true,
    defaultViewport: { width: 1280, height: 800 },
    timeout: 30_000,
    args: [
      ...BASE_ARGS,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--host-resolver-rules=${zoo.hostResolverRules}`,
    ],
  });
  const sw = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 10_000 });
  extensionId = new URL(sw.url()).host;
}, 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await zoo?.close();
});

describe.skipIf(problem !== null)('the real DevTools panel (Chromium)', () => {
  it('opens DevTools on the zoo, shows the CORS panel and lists the zoo\'s requests there', async () => {
    if (!browser) throw new Error('no browser');
    const page: Page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.goto(zoo.url, { waitUntil: 'load' });

    const devtools = await page.openDevTools().catch((error: unknown) => {
      throw new Error(`DevTools smoke test: page.openDevTools() (CDP Target.openDevTools) failed: ${String(error)}`);
    });

    // The front-end needs a moment ("Unable to create settings" until then); the extension's panel
    // is registered by devtools.html (`panels.create('CORS', …)`).
    const viewId = await until('the DevTools front-end never listed a view of the extension (ViewManager.views)', 15_000, () =>
      devtools.evaluate(frontEnd(`return [...views.keys()].find((k) => k.startsWith(${JSON.stringify(`chrome-extension://${extensionId}`)}))`)) as Promise<string | undefined>,
    );
    expect(viewId).toMatch(/CORS$/);
    await devtools.evaluate(frontEnd(`await manager.showView(${JSON.stringify(viewId)}); return true`)).catch((error: unknown) => {
      throw new Error(`DevTools smoke test: ViewManager.showView(${viewId}) failed (DevTools-internal API changed?): ${String(error)}`);
    });

    const frame: Frame = await until('the CORS panel (panel.html) never loaded in the DevTools window', 10_000, async () =>
      devtools.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/panel.html`)),
    );
    expect(new URL(frame.url()).searchParams.has('tabId'), 'the panel in DevTools gets its tab from chrome.devtools').toBe(false);
    await until('the panel never rendered (no [data-testid="count"])', 10_000, async () => ((await frame.$('[data-testid="count"]')) ? true : undefined));

    // Requests made now are captured in full (the panel subscribed) and listed.
    const results = await page.evaluate(async (ids) => {
      const out: ZooResult[] = [];
      for (const id of ids) out.push(await (window as unknown as ZooWindow).zoo.run(id));
      return out;
    }, CASES);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false]);
    const rowCount = await until(`the panel did not list ${CASES.length} rows`, 10_000, async () => {
      const n = await frame.$$eval('[data-testid="row"]', (els) => els.length);
      return n === CASES.length ? n : undefined;
    });
    expect(rowCount).toBe(CASES.length);
    const verdicts = await frame.$$eval('[data-testid="row"]', (els) => els.map((e) => (e as HTMLElement).dataset.verdict));
    expect(verdicts.sort()).toEqual(['allowed', 'blocked', 'blocked', 'failed']);

    await mkdir(SCREENSHOTS, { recursive: true });
    await devtools.screenshot({ path: join(SCREENSHOTS, 'e2e-devtools-panel.png') });
  });
});
