/**
 * The CORS panel in Chromium, driven through its UI: the panel page in a tab for the zoo tab
 * (`panel.html?tabId=N`, research feasibility.md §3 A), with the zoo (scripts/zoo/, the `npm start`
 * demo site) as the traffic. Checks the list against the report, every blocked request's reason
 * title and parameter against the report and Chromium's own CDP verdict, that "Copy as curl" replays
 * the failure against the zoo's servers, that hostile header values and URLs render as text, and
 * saves light/dark screenshots to test-results/screenshots/ for review.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportEntry } from '../../src/report/types.js';
import { extensionProblem, fetchReport, tabIdOf } from './support/extension.js';
import {
  headerValue, openPanelPage, parseCurlResponses, recordChromium, runCases, runCopiedCurl, settledEntries, startZooBrowser, tagOf,
} from './support/zoo.js';
import type { ChromiumRecorder, ZooBrowser, ZooCase, ZooResult } from './support/zoo.js';

const SCREENSHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');

// ---- XSS canaries: server-chosen text that would run if the panel ever rendered it as markup ------

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';
const SVG_PATH = '/case/xss-url/<svg onload=window.__xss=3>';
const REQ_VALUE = '<img src=x onerror=window.__xss=4>';
const ACAH_VALUE = '"><img src=x onerror=window.__xss=5>';
const ACAM_VALUE = "'><svg/onload=window.__xss=6>";
const EXPOSE_VALUE = '</code><img src=x onerror=window.__xss=7>';

const canary = (id: string, request: ZooCase['request'], handlers: Pick<ZooCase, 'options' | 'actual'>): ZooCase => ({
  id, label: `XSS canary: ${id}`, group: 'failure', intent: 'renders as text', request, ...handlers,
});

const CANARIES: ZooCase[] = [
  // The parameter of Chromium's reason is the canary itself (MultipleAllowOriginValues).
  canary('xss-acao', { method: 'GET', target: 'api' }, {
    actual: (c) => c.send(200, { 'Access-Control-Allow-Origin': IMG, 'X-Canary': SCRIPT }, SCRIPT),
  }),
  // Header names with markup are not tokens: Chromium drops those lines (they never reach the
  // extension), but they are sent anyway, next to a value canary that does arrive.
  canary('xss-names', { method: 'GET', target: 'api' }, {
    actual: (c) => c.raw(
      'HTTP/1.1 200 OK\r\n' +
      'X-<img src=x onerror=window.__xss=8>: 1\r\n' +
      '<svg onload=window.__xss=9>: <b>bold</b>\r\n' +
      `X-Canary: ${SCRIPT}\r\n` +
      `Access-Control-Expose-Headers: ${EXPOSE_VALUE}\r\n` +
      'Content-Type: text/html\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
    ),
  }),
  // The URL path: fetch() percent-encodes <, > and spaces; the panel may show either form.
  canary('xss-url', { method: 'GET', target: 'api', path: SVG_PATH }, { actual: (c) => c.send(200, {}, 'no CORS') }),
  // A request header value, and an invalid Access-Control-Allow-Headers list.
  canary('xss-request-header', { method: 'GET', target: 'api', headers: { 'X-Canary': REQ_VALUE } }, {
    options: (c) => c.send(204, { 'Access-Control-Allow-Origin': c.origins.zoo, 'Access-Control-Allow-Headers': ACAH_VALUE }),
  }),
  // An invalid Access-Control-Allow-Methods list.
  canary('xss-acam', { method: 'PUT', target: 'api' }, {
    options: (c) => c.send(204, { 'Access-Control-Allow-Origin': c.origins.zoo, 'Access-Control-Allow-Methods': ACAM_VALUE }),
  }),
];
const CANARY_TEXTS = [IMG, SCRIPT, REQ_VALUE, ACAH_VALUE, ACAM_VALUE, EXPOSE_VALUE];

/** Inside pages. */
declare const chrome: { runtime: { sendMessage(msg: unknown): Promise<unknown> } };
interface XssWindow { __xss?: unknown }

// ---- setup ----------------------------------------------------------------------------------------

const problem = extensionProblem();
let zb: ZooBrowser;
let zooPage: Page;
let panel: Page;
let tabId: number;
let chromium: ChromiumRecorder;
let results: ZooResult[];
let byCase: Map<string, ReportEntry>;
/** The report once every demo request settled. */
let settledReport: Report;
/** The zoo's demo cases (not the canaries). */
let demoIds: string[];
const dialogs: string[] = [];

beforeAll(async () => {
  if (problem !== null) return;
  zb = await startZooBrowser({ extraCases: CANARIES });
  const { context } = zb.ext;
  zooPage = await context.newPage();
  const cdp = await context.newCDPSession(zooPage);
  chromium = recordChromium(cdp);
  await cdp.send('Network.enable');
  await zooPage.goto(zb.zoo.url);
  tabId = await tabIdOf(zb.ext.sw, zb.zoo.url, { exact: true });
  // Panel first: it subscribes, so the zoo tab is captured in full (issue #7).
  panel = await openPanelPage(context, zb.ext.extensionId, tabId, { theme: 'light' });
  panel.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  demoIds = zb.zoo.cases.filter((c) => !c.id.startsWith('xss-')).map((c) => c.id);
  results = await runCases(zooPage, demoIds);
  ({ byCase, report: settledReport } = await settledEntries(context, zb.ext.extensionId, tabId, results));
  await panel.bringToFront();
}, 90_000);

afterAll(async () => {
  await zb?.close();
});

// ---- helpers -----------------------------------------------------------------------------------

const rows = (p: Page = panel) => p.locator('[data-testid="row"]');
const row = (id: string, p: Page = panel) => p.locator(`[data-testid="row"][data-id="${id}"]`);

function entryOf(caseId: string): ReportEntry {
  const e = byCase.get(caseId);
  if (!e) throw new Error(`no report entry for zoo case ${caseId}`);
  return e;
}

/** Open an entry's detail view (the row must be in the list). */
async function openDetail(entry: ReportEntry, p: Page = panel): Promise<void> {
  // A background tab gets few animation frames: Playwright's click waits much longer there.
  await p.bringToFront();
  await row(entry.id, p).click();
  await expect.poll(() => p.locator('[data-testid="detail"]').getAttribute('data-id'), { timeout: 5_000 }).toBe(entry.id);
}

async function setFilter(text: string, blockedOnly: boolean): Promise<void> {
  await panel.bringToFront();
  await panel.locator('[data-testid="filter"]').fill(text);
  const box = panel.locator('[data-testid="blocked-only"]');
  if ((await box.isChecked()) !== blockedOnly) await box.click();
}

async function shownIds(): Promise<string[]> {
  return rows().evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id ?? ''));
}

async function screenshot(p: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await p.screenshot({ path });
  return path;
}

// ---- tests -------------------------------------------------------------------------------------

describe.skipIf(problem !== null)('the CORS panel on the zoo (Chromium)', () => {
  it('lists every request of the zoo tab with the report\'s verdict, in full capture', async () => {
    // One entry per request (a preflight belongs to its request, it is no entry of its own).
    const mine = new Set(byCase.values());
    const extra = settledReport.entries.filter((e) => !mine.has(e)).map((e) => `${e.verdict} ${e.method} ${e.url}`);
    expect(extra, 'report entries that are none of the zoo\'s requests').toEqual([]);
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(results.length);
    for (const r of results) {
      const e = entryOf(r.id);
      await expect(row(e.id).getAttribute('data-verdict'), r.id).resolves.toBe(e.verdict);
    }
    const verdicts = new Set([...byCase.values()].map((e) => e.verdict));
    expect(verdicts).toEqual(new Set(['allowed', 'blocked', 'failed']));
    await expect(panel.locator('[data-testid="mode"]').getAttribute('data-mode')).resolves.toBe('full');
    await expect(panel.locator('[data-testid="count"]').getAttribute('data-total')).resolves.toBe(String(results.length));
  });

  it('shows each blocked request\'s reason title and parameter, as the report and Chromium (CDP) give them', async () => {
    const blocked = results.filter((r) => entryOf(r.id).verdict === 'blocked');
    expect(blocked.length).toBeGreaterThanOrEqual(10);
    for (const r of blocked) {
      const e = entryOf(r.id);
      const reason = e.reasons[0];
      if (!reason) throw new Error(`${r.id}: blocked without a reason`);
      // The report agrees with Chromium's own verdict.
      expect(chromium.verdictFor(r.url), r.id).toEqual({ verdict: 'blocked', corsError: reason.chromium, parameter: reason.parameter });
      // The panel shows what the report says.
      await openDetail(e);
      const detail = panel.locator('[data-testid="detail"]');
      await expect(detail.locator('[data-testid="reason-title"]').textContent(), r.id).resolves.toBe(reason.title);
      const parameter = detail.locator('[data-testid="reason-parameter"]');
      if (reason.parameter === '') await expect(parameter.count(), r.id).resolves.toBe(0);
      else await expect(parameter.textContent(), r.id).resolves.toBe(reason.parameter);
    }
    // The network failure: no CORS reason from Chromium, the net error instead.
    const failed = entryOf('network-failure');
    expect(chromium.verdictFor(results.find((r) => r.id === 'network-failure')?.url ?? '')).toEqual({ verdict: 'failed', errorText: 'net::ERR_CONNECTION_REFUSED' });
    await openDetail(failed);
    await expect(panel.locator('[data-testid="detail"] [data-testid="reason-title"]').textContent()).resolves.toBe(failed.reasons[0]?.title);
  });

  it('"Copy as curl" replays the failure: same method and headers on the wire, same deciding answer', async () => {
    for (const id of ['no-acao', 'wrong-origin', 'method-not-allowed', 'header-not-allowed', 'preflight-404']) {
      const e = entryOf(id);
      const reason = e.reasons[0];
      if (!reason) throw new Error(`${id}: no reason`);
      await openDetail(e);
      await panel.evaluate(() => {
        delete document.body.dataset.lastCopied;
      });
      await panel.locator('[data-testid="detail"] [data-testid="copy-curl"]').click();
      await expect.poll(() => panel.evaluate(() => document.body.dataset.lastCopied ?? null), { timeout: 5_000 }).not.toBeNull();
      const copied = (await panel.evaluate(() => document.body.dataset.lastCopied)) ?? '';
      expect(copied, id).toContain(e.url);

      const tag = tagOf(e.url) ?? '';
      const byBrowser = zb.zoo.requestsFor(tag);
      const before = zb.zoo.log.length;
      const run = await runCopiedCurl(copied);
      expect(run.code, `${id}: curl exited ${run.code}: ${run.stderr}`).toBe(0);
      const replayed = zb.zoo.log.slice(before).filter((x) => x.tag === tag);

      // What the browser sent is replayed first, in order, with the same method and headers.
      expect(replayed.length, id).toBeGreaterThanOrEqual(byBrowser.length);
      byBrowser.forEach((sent, i) => {
        const again = replayed[i];
        if (!again) throw new Error(`${id}: request ${i} not replayed`);
        expect(again.method, id).toBe(sent.method);
        expect(again.target, id).toBe(sent.target);
        for (const [name, value] of sent.rawHeaders) {
          // curl sets its own Accept-Encoding (--compressed) and connection handling.
          if (['accept-encoding', 'connection'].includes(name.toLowerCase())) continue;
          expect(again.headers[name.toLowerCase()], `${id}: ${name}`).toBe(value);
        }
      });

      // The deciding response is answered again the same way: status, and the header the reason names.
      const responses = parseCurlResponses(run.stdout);
      const decisive = reason.response === 'preflight' ? responses[0] : responses[responses.length - 1];
      if (!decisive) throw new Error(`${id}: curl printed no response:\n${run.stdout}`);
      const expectedStatus = reason.response === 'preflight' ? e.preflight?.status : e.response?.status;
      expect(decisive.status, id).toBe(expectedStatus);
      if (reason.header !== null) expect(headerValue(decisive, reason.header), `${id}: ${reason.header}`).toBe(reason.observed);
    }
  });

  it('flags the request through the corsproxy.io look-alike: row marker, banner, risks in the detail', async () => {
    const e = entryOf('via-proxy');
    expect(e.proxy).toMatchObject({ kind: 'known', service: 'corsproxy.io' });
    expect(e.proxy?.target).toContain('/case/no-acao');
    const others = [...byCase.values()].filter((x) => x !== e && x.proxy !== null);
    expect(others.map((x) => x.url), 'only the proxied case is flagged').toEqual([]);
    await expect(row(e.id).locator('.c-proxy').getAttribute('data-proxy')).resolves.toBe('known');
    await expect(panel.locator('[data-testid="proxy-banner"]').getAttribute('data-count')).resolves.toBe('1');
    await openDetail(e);
    const risks = await panel.locator('[data-testid="proxy"] [data-risk]').evaluateAll((els) => els.map((el) => el.getAttribute('data-risk')));
    expect(risks).toEqual(e.proxy?.risks);
  });

  it('filters by text and by "blocked only"', async () => {
    await setFilter('method-not-allowed', false);
    await expect.poll(shownIds).toEqual([entryOf('method-not-allowed').id]);
    await setFilter('', true);
    const notThrough = results.map((r) => entryOf(r.id)).filter((e) => e.verdict === 'blocked' || e.verdict === 'failed');
    await expect.poll(async () => (await shownIds()).sort()).toEqual(notThrough.map((e) => e.id).sort());
    await setFilter('preflight', true);
    await expect.poll(async () => (await shownIds()).length).toBeGreaterThan(0);
    for (const id of await shownIds()) expect(['blocked', 'failed']).toContain(await row(id).getAttribute('data-verdict'));
    await setFilter('', false);
    await expect.poll(() => rows().count()).toBe(results.length);
  });

  it('saves screenshots of the panel, light and dark', async () => {
    const firstBlocked = entryOf('method-not-allowed');
    await openDetail(firstBlocked);
    const light = await screenshot(panel, 'e2e-panel-light.png');
    const dark = await openPanelPage(zb.ext.context, zb.ext.extensionId, tabId, { theme: 'dark' });
    try {
      await expect.poll(() => rows(dark).count(), { timeout: 10_000 }).toBe(results.length);
      await openDetail(firstBlocked, dark);
      // The theme is applied: the page background is dark.
      const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r = 255, g = 255, b = 255] = (bg.match(/\d+/g) ?? []).map(Number);
      expect(r + g + b, `dark background, got ${bg}`).toBeLessThan(3 * 128);
      const path = await screenshot(dark, 'e2e-panel-dark.png');
      console.log(`screenshots: ${light}, ${path}`);
    } finally {
      await dark.close();
    }
  });

  it('renders hostile header values, header lists and URLs as text: nothing runs', async () => {
    const canaryResults = await runCases(zooPage, CANARIES.map((c) => c.id));
    const { byCase: canaries } = await settledEntries(zb.ext.context, zb.ext.extensionId, tabId, canaryResults);
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(results.length + CANARIES.length);
    for (const r of canaryResults) {
      const e = canaries.get(r.id);
      if (!e) throw new Error(`no entry for ${r.id}`);
      await openDetail(e);
      const text = (await panel.locator('[data-testid="detail"]').textContent()) ?? '';
      // Whatever of the canaries this entry carries shows literally.
      const carried = JSON.stringify(e);
      for (const c of CANARY_TEXTS) if (carried.includes(JSON.stringify(c).slice(1, -1))) expect(text, `${r.id} shows ${c}`).toContain(c);
      const reason = e.reasons[0];
      if (reason?.parameter) await expect(panel.locator('[data-testid="reason-parameter"]').textContent()).resolves.toBe(reason.parameter);
    }
    // The parameter of xss-acao is the <img> canary itself (Chromium: MultipleAllowOriginValues).
    expect(canaries.get('xss-acao')?.reasons[0]?.parameter).toBe(IMG);
    const url = canaries.get('xss-url')?.url ?? '';
    const listText = (await panel.locator('[data-testid="list"]').textContent()) ?? '';
    expect(listText.includes('<svg onload=window.__xss=3>') || listText.includes(new URL(url).pathname), 'the hostile URL path is listed as text').toBe(true);
    await panel.waitForTimeout(300);
    const state = await panel.evaluate(() => ({
      xss: (window as unknown as XssWindow).__xss,
      injected: document.querySelectorAll('img[src="x"], [onerror], [onload], script:not([src]), svg image').length,
    }));
    expect(state).toEqual({ xss: undefined, injected: 0 });
    expect(dialogs).toEqual([]);
    await screenshot(panel, 'e2e-panel-xss.png');
  });

  it('"Clear" empties the list and the tab\'s log', async () => {
    await panel.bringToFront();
    await panel.locator('[data-testid="clear"]').click();
    await expect.poll(() => rows().count()).toBe(0);
    await expect.poll(async () => (await fetchReport(zb.ext.context, zb.ext.extensionId, tabId)).entries.length).toBe(0);
    // New traffic appears again.
    const again = await runCases(zooPage, ['no-acao']);
    await settledEntries(zb.ext.context, zb.ext.extensionId, tabId, again);
    await expect.poll(() => rows().count()).toBe(1);
    await expect(panel.evaluate((t) => chrome.runtime.sendMessage({ type: 'cors-lens/tab-state', tabId: t }), tabId)).resolves.toMatchObject({ mode: 'full' });
  });
});
