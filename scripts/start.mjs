// `npm start`: build, start the CORS zoo (a loopback demo site, scripts/zoo/), and launch Chromium
// with the extension loaded on it.
//
// - With a display ($DISPLAY or $WAYLAND_DISPLAY): a normal window, DevTools open on the zoo with the
//   CORS panel selected; click the buttons. Ctrl-C (or closing the browser) stops everything.
// - Without one: headless. Opens the panel page for the zoo tab (which switches the tab to full
//   capture), clicks every button, waits for the report to settle, prints it as a table next to
//   Chromium's own verdict (CDP), saves screenshots of the panel (light and dark), exits.
//
// Options: --headless / --headful (override the display check), --no-build (use dist/chrome as is),
// --screenshots <dir> (default test-results/screenshots).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startZoo } from './zoo/zoo.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION_DIR = resolve(process.env.CORS_LENS_EXTENSION ?? join(ROOT, 'dist', 'chrome'));
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Whole headless run, build excluded. */
const HEADLESS_BUDGET_MS = 120_000;

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headful = flag('--headful') || (hasDisplay && !flag('--headless'));
const screenshotDir = resolve(ROOT, option('--screenshots', 'test-results/screenshots'));
const started = performance.now();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/** Resolve with `promise`, or reject after `ms` saying what timed out. */
function within(ms, what, promise) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

// ---- build ---------------------------------------------------------------------------------------

if (!flag('--no-build')) {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit', cwd: ROOT });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
  console.error(`No extension build in ${EXTENSION_DIR}: run npm run build.`);
  process.exit(1);
}
if (!existsSync(CHROMIUM_PATH)) {
  console.error(`No Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
  process.exit(1);
}

// ---- zoo and browser -----------------------------------------------------------------------------

const zoo = await startZoo();
/** @type {import('puppeteer-core').Browser | null} */
let browser = null;
let cleaning = null;

/** Close the browser (killed if it does not close in 5 s) and the zoo; safe to call twice. */
function cleanup() {
  cleaning ??= (async () => {
    if (browser) {
      const proc = browser.process();
      await within(5_000, 'closing Chromium', browser.close()).catch(() => proc?.kill('SIGKILL'));
    }
    await zoo.close();
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.log(`\n${signal}: closing Chromium and the zoo.`);
    void cleanup().then(() => process.exit(0));
  });
}

const args = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-extensions-except=${EXTENSION_DIR}`,
  `--load-extension=${EXTENSION_DIR}`,
  `--host-resolver-rules=${zoo.hostResolverRules}`,
];
if (process.getuid?.() === 0) args.push('--no-sandbox');
if (headful) args.push('--auto-open-devtools-for-tabs');
else args.push('--disable-gpu');

try {
  browser = await within(30_000, 'launching Chromium', puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: !headful,
    pipe: true,
    // Keeps --load-extension working: puppeteer would otherwise pass --disable-extensions.
    enableExtensions: true,
    defaultViewport: headful ? null : { width: 1280, height: 800 },
    args,
  }));
  const sw = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
    { timeout: 10_000 },
  ).catch(() => {
    throw new Error(`the extension in ${EXTENSION_DIR} started no service worker`);
  });
  const extensionId = new URL(sw.url()).host;
  if (headful) await runHeadful(browser, extensionId);
  else {
    const watchdog = setTimeout(() => {
      console.error(`npm start: still not done after ${HEADLESS_BUDGET_MS / 1000} s, giving up.`);
      void cleanup().finally(() => process.exit(1));
    }, HEADLESS_BUDGET_MS);
    try {
      process.exitCode = await runHeadless(browser, extensionId);
    } finally {
      clearTimeout(watchdog);
    }
  }
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (!headful || process.exitCode) await cleanup();
}
if (!headful || process.exitCode) process.exit(process.exitCode ?? 0);

// ---- headful ------------------------------------------------------------------------------------

/** @param {import('puppeteer-core').Browser} b @param {string} extensionId */
async function runHeadful(b, extensionId) {
  // The zoo gets a tab of its own opened now, with the extension loaded: a DevTools window opened
  // at start-up (for a URL on the command line) can miss the extension's panel.
  const initial = await b.pages();
  const page = await b.newPage();
  await page.goto(zoo.url, { waitUntil: 'load', timeout: 10_000 });
  for (const p of initial) await p.close().catch(() => undefined);
  console.log(`\nCORS zoo: ${zoo.url}  (Chromium maps *.test and corsproxy.io to 127.0.0.1)`);
  try {
    await showCorsPanel(page, extensionId);
    console.log('DevTools is open on the zoo with the CORS panel selected.');
  } catch (error) {
    console.log(`DevTools is open on the zoo: select its CORS tab (could not select it: ${error.message}).`);
  }
  console.log('Click the buttons on the page. Ctrl-C here (or closing the browser) stops everything.');
  await new Promise((resolveClosed) => b.once('disconnected', resolveClosed));
  console.log('Chromium closed.');
  await cleanup();
}

/**
 * Select the extension's panel in the page's DevTools. DevTools-internal API (research
 * feasibility.md §3 B): the front-end's ViewManager knows the panel as `chrome-extension://<id><title>`.
 * @param {import('puppeteer-core').Page} page @param {string} extensionId
 */
async function showCorsPanel(page, extensionId) {
  const devtools = await within(10_000, 'opening DevTools', page.openDevTools());
  const deadline = Date.now() + 10_000;
  for (;;) {
    const shown = await devtools
      .evaluate(async (prefix) => {
        const UI = await import('./ui/legacy/legacy.js');
        const manager = UI.ViewManager.ViewManager.instance();
        const id = [...manager.views.keys()].find((k) => k.startsWith(prefix));
        if (!id) return false;
        await manager.showView(id);
        return true;
      }, `chrome-extension://${extensionId}`)
      .catch(() => false); // "Unable to create settings" while the front-end starts
    if (shown) return devtools;
    if (Date.now() > deadline) throw new Error('the DevTools front-end never listed the CORS panel');
    await sleep(150);
  }
}

// ---- headless -----------------------------------------------------------------------------------

/**
 * @param {import('puppeteer-core').Browser} b @param {string} extensionId
 * @returns {Promise<number>} the exit code
 */
async function runHeadless(b, extensionId) {
  const zooPage = (await b.pages())[0] ?? (await b.newPage());
  const cdp = await zooPage.createCDPSession();
  const chromium = recordChromiumVerdicts(cdp);
  await cdp.send('Network.enable');
  await zooPage.goto(zoo.url, { waitUntil: 'load', timeout: 10_000 });

  // The panel page, in a tab, for the zoo tab: subscribing switches the tab to full capture.
  const panel = await b.newPage();
  const base = `chrome-extension://${extensionId}/panel.html`;
  await panel.goto(base, { waitUntil: 'domcontentloaded', timeout: 10_000 });
  const tabId = await panel.evaluate(
    async (url) => (await globalThis.chrome.tabs.query({})).find((t) => t.url === url)?.id ?? null,
    zoo.url,
  );
  if (typeof tabId !== 'number') throw new Error('the extension cannot see the zoo tab');
  const send = (message) => panel.evaluate((m) => globalThis.chrome.runtime.sendMessage(m), message);
  await panel.goto(`${base}?tabId=${tabId}&theme=light`, { waitUntil: 'load', timeout: 10_000 });
  await waitFor('the zoo tab to be in full capture', 5_000, async () => (await send({ type: 'cors-lens/tab-state', tabId }))?.mode === 'full');

  // Click every button, one after the other, each until its result shows.
  await zooPage.bringToFront();
  const ids = await zooPage.$$eval('button[data-case]', (buttons) => buttons.map((b) => b.dataset.case));
  console.log(`\nClicking ${ids.length} buttons on ${zoo.url} …`);
  /** @type {{ id: string, url: string, method: string, outcome: string }[]} */
  const clicked = [];
  for (const id of ids) {
    await zooPage.click(`button[data-case="${id}"]`);
    const out = `output[data-testid="result-${id}"]`;
    await zooPage.waitForSelector(`${out}[data-state="done"]`, { timeout: 15_000 });
    clicked.push(await zooPage.$eval(out, (o) => ({ id: o.closest('tr').dataset.case, url: o.dataset.url, method: o.dataset.method, outcome: o.textContent })));
  }

  // Wait until the background has a settled entry for every click.
  const tagOf = (url) => {
    try {
      return new URL(url).searchParams.get('t');
    } catch {
      return null;
    }
  };
  const entryFor = (report, c) => report?.entries.find((e) => tagOf(e.url) === tagOf(c.url) && e.method === c.method);
  let report = null;
  const settled = await waitFor('the report to settle', 10_000, async () => {
    report = await send({ type: 'cors-lens/report', tabId, redact: false });
    return clicked.every((c) => entryFor(report, c) && entryFor(report, c).verdict !== 'pending');
  }).then(() => true, () => false);

  // The table.
  const rows = [];
  let agree = 0;
  let missing = 0;
  for (const c of clicked) {
    const entry = entryFor(report, c);
    const verdict = chromium.verdictFor(c.url);
    if (!entry) {
      missing++;
      rows.push([c.id, '(none)', '', shortUrl(c.url), '', '', '', '', describe(verdict)]);
      continue;
    }
    const reason = entry.reasons[0];
    const same = entry.verdict === verdict.verdict && (verdict.verdict !== 'blocked' || (reason?.chromium === verdict.corsError && reason?.parameter === verdict.parameter));
    if (same) agree++;
    rows.push([
      c.id,
      entry.verdict,
      entry.method,
      shortUrl(entry.url),
      reason?.code ?? (entry.warnings.length > 0 ? `(warning: ${entry.warnings.map((w) => w.code).join(', ')})` : ''),
      reason?.chromium ?? '',
      reason?.parameter ?? '',
      entry.proxy ? `${entry.proxy.kind}: ${entry.proxy.risks.length} risks` : '',
      `${same ? '✓' : '✗'} ${describe(verdict)}`,
    ]);
  }
  console.log('');
  console.log(formatTable(['case', 'verdict', 'method', 'URL', 'reason', 'chromium name', 'parameter', 'proxy', 'Chromium (CDP) says'], rows));
  console.log(`\n${clicked.length} requests, ${report?.entries.length ?? 0} report entries; the extension agrees with Chromium on ${agree}/${clicked.length}.`);
  const extra = (report?.entries ?? []).filter((e) => !clicked.some((c) => entryFor(report, c) === e));
  for (const e of extra) console.log(`Warning: an entry for no click: ${e.verdict} ${e.method} ${shortUrl(e.url)}`);
  if (!settled) console.log('Warning: the report did not settle within 10 s (some entries are missing or pending).');

  // Screenshots: the panel in light and dark, a blocked request selected when the UI allows it.
  await mkdir(screenshotDir, { recursive: true });
  const saved = [];
  for (const theme of ['light', 'dark']) {
    if (theme !== 'light') await panel.goto(`${base}?tabId=${tabId}&theme=${theme}`, { waitUntil: 'load', timeout: 10_000 });
    await panel.bringToFront();
    await preparePanel(panel, clicked.length);
    const path = join(screenshotDir, `panel-${theme}.png`);
    await panel.screenshot({ path });
    saved.push(path);
  }
  await zooPage.bringToFront();
  const zooShot = join(screenshotDir, 'zoo.png');
  await zooPage.screenshot({ path: zooShot, fullPage: true });
  saved.push(zooShot);
  console.log(`Screenshots: ${saved.map((p) => p.replace(`${ROOT}/`, '')).join(', ')}`);
  console.log(`Done in ${seconds()}${flag('--no-build') ? '' : ' (build included)'}.`);
  return missing === 0 ? 0 : 1;
}

/**
 * Let the panel render its rows, then select the first blocked request so the detail view shows.
 * Without the UI's test ids (an older panel), just give it a moment.
 * @param {import('puppeteer-core').Page} panel @param {number} expected
 */
async function preparePanel(panel, expected) {
  const rows = await waitFor('panel rows', 5_000, async () => (await panel.$$('[data-testid="row"]')).length >= expected).then(() => true, () => false);
  if (!rows) {
    await sleep(500);
    return;
  }
  const blocked = await panel.$('[data-testid="row"][data-verdict="blocked"]');
  if (blocked) {
    await blocked.click();
    await panel.waitForSelector('[data-testid="detail"]', { timeout: 3_000 }).catch(() => undefined);
  }
  await sleep(200);
}

/** Poll `check` until it is true; rejects after `ms`. */
async function waitFor(what, ms, check) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Chromium's own verdict per URL, from CDP on the zoo tab: `Network.loadingFailed` with its
 * `corsErrorStatus` (research feasibility.md §4).
 * @param {import('puppeteer-core').CDPSession} cdp
 */
function recordChromiumVerdicts(cdp) {
  const firstUrl = new Map();
  const failed = new Map();
  const finished = new Set();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.initiator?.type === 'preflight' || firstUrl.has(e.requestId)) return;
    firstUrl.set(e.requestId, e.request.url);
  });
  cdp.on('Network.loadingFailed', (e) => failed.set(e.requestId, e));
  cdp.on('Network.loadingFinished', (e) => finished.add(e.requestId));
  return {
    /** @param {string} url */
    verdictFor(url) {
      const id = [...firstUrl].find(([, u]) => u === url)?.[0];
      const f = id === undefined ? undefined : failed.get(id);
      if (f?.corsErrorStatus) return { verdict: 'blocked', corsError: f.corsErrorStatus.corsError, parameter: f.corsErrorStatus.failedParameter };
      if (f) return { verdict: 'failed', errorText: f.errorText };
      if (id !== undefined && finished.has(id)) return { verdict: 'allowed' };
      return { verdict: 'unknown' };
    },
  };
}

function describe(v) {
  if (v.verdict === 'blocked') return v.parameter ? `${v.corsError} [${v.parameter}]` : v.corsError;
  if (v.verdict === 'failed') return v.errorText;
  return v.verdict;
}

/** The URL without the per-click tag, and with the proxy's target decoded, for reading. */
function shortUrl(url) {
  try {
    const u = new URL(url);
    u.searchParams.delete('t');
    const target = u.searchParams.get('url');
    if (target !== null) return `${u.origin}/?url=${target.replace(/[?&]t=[^&]*/, '')}`;
    return u.href;
  } catch {
    return url;
  }
}

/** Plain-text table: columns padded to their widest cell. */
function formatTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
