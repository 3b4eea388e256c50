/**
 * Firefox (issue #11): when DevTools opens on a tab, the extension's devtools page loads whether or
 * not the CORS panel is ever shown, and asks for full capture of that tab (webRequest: Firefox has
 * no `extraHeaders` cost and its DevTools relays nothing). Light mode misses blocked simple requests
 * in Firefox (they complete normally), so this matters: the count must be there when the user opens
 * the panel. Closing DevTools returns the tab to light mode.
 *
 * DevTools is opened through WebDriver BiDi's chrome scope (Firefox launched with
 * `-remote-allow-system-access`), as F12 would open it.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TabState } from '../../src/messages.js';
import { fetchReport, firefoxDevtools, firefoxProblem, launchFirefox, pollReport, tabIdOf } from './support/firefox.js';
import type { FirefoxHandle } from './support/firefox.js';
import { startServers } from './support/servers.js';
import type { Servers } from './support/servers.js';
import { poll } from './support/wait.js';

declare const browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } };

const problem = firefoxProblem();
const run = `ffdt-${process.pid}-${Date.now().toString(36)}`;
let servers: Servers;
let ff: FirefoxHandle;
let page: Page;
let tabId = -1;

beforeAll(async () => {
  if (problem !== null) return;
  servers = await startServers({ routes: [{ id: 'blocked', actual: (c) => c.send(200, {}) }, { id: 'ok', actual: (c) => c.send(200, { 'Access-Control-Allow-Origin': '*' }) }] });
  ff = await launchFirefox({ systemAccess: true });
  page = await ff.browser.newPage();
  await page.goto(`${servers.origins.page}/?t=${run}`, { waitUntil: 'load' });
  tabId = await tabIdOf(ff.extPage, `${servers.origins.page}/?t=${run}`);
}, 60_000);

afterAll(async () => {
  await ff?.close();
  await servers?.close();
});

async function state(): Promise<TabState> {
  return (await ff.extPage.evaluate((id) => browser.runtime.sendMessage({ type: 'cors-lens/tab-state', tabId: id }), tabId)) as TabState;
}

async function fetchFrom(route: 'blocked' | 'ok', label: string): Promise<string> {
  const url = `${servers.origins.api}/s/${route}?t=${run}-${label}`;
  await page.evaluate(async (u) => {
    await fetch(u).then((r) => r.text(), () => undefined);
  }, url);
  return url;
}

describe.skipIf(problem !== null)('Firefox: DevTools open on a tab means full capture for it', () => {
  it('light before DevTools opens: a blocked simple request is not seen (Firefox completes it normally)', async () => {
    expect(await state()).toMatchObject({ mode: 'light', source: 'light' });
    const url = await fetchFrom('blocked', 'before');
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetchReport(ff.extPage, tabId)).entries.filter((e) => e.url === url)).toEqual([]);
  });

  it('DevTools opened (CORS panel never shown): the tab is captured in full, blocked and allowed requests alike', async () => {
    await firefoxDevtools(ff, page, true);
    const s = await poll(state, (x) => x.mode === 'full', { timeoutMs: 15_000 });
    expect(s.value).toMatchObject({ mode: 'full', source: 'webrequest', recorded: false });
    // Firefox adds listeners in its parent process asynchronously: wait until a probe is seen.
    await poll(async () => {
      const u = await fetchFrom('blocked', `probe-${Date.now()}`);
      return (await pollReport(ff.extPage, tabId, (r) => r.entries.some((e) => e.url === u), 1_000)).done;
    }, (seen) => seen, { timeoutMs: 10_000 });
    const blocked = await fetchFrom('blocked', 'with-devtools');
    const allowed = await fetchFrom('ok', 'with-devtools-ok');
    const polled = await pollReport(ff.extPage, tabId, (r) => [blocked, allowed].every((u) => r.entries.some((e) => e.url === u && e.verdict !== 'pending')), 5_000);
    const entries = polled.report.entries;
    expect(entries.filter((e) => e.url === blocked).map((e) => [e.verdict, e.mode, e.reasons[0]?.firefox])).toEqual([['blocked', 'full', 'CORSMissingAllowOrigin2']]);
    expect(entries.filter((e) => e.url === allowed).map((e) => [e.verdict, e.mode])).toEqual([['allowed', 'full']]);
  });

  it('DevTools closed: back to light mode', async () => {
    await firefoxDevtools(ff, page, false);
    const s = await poll(state, (x) => x.mode === 'light', { timeoutMs: 15_000 });
    expect(s.value).toMatchObject({ mode: 'light', source: 'light' });
  });
});
