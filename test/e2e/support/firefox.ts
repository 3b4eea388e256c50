/**
 * Headless Firefox ESR through puppeteer-core 24 (WebDriver BiDi) with the test build of the extension
 * (dist/firefox-e2e) installed as a temporary add-on, plus Firefox as the oracle.
 *
 * BiDi cannot evaluate in the background page nor navigate to moz-extension:// URLs, but the test build
 * opens `panel.html?e2e=1` in a tab at start-up and that tab is scriptable: every message to the
 * background (report, journal) goes from there (research feasibility.md §5.1).
 *
 * Firefox has no CORS error enum and no CDP: its verdict is the console message
 * "Cross-Origin Request Blocked: … (Reason: …)" (a BiDi `javascript` log entry, puppeteer's `pageerror`)
 * plus whether the page's fetch() rejected (§5.3). The reason text is mapped back to its
 * `security.properties` id.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import type { CaptureEvent } from '../../../src/capture/events.js';
import type { FirefoxReason } from '../../../src/catalogue/codes.js';
import { RECORD_TAB } from '../../../src/messages.js';
import type { Report } from '../../../src/report/types.js';
import { normalizedMethod, scenarioUrl } from '../scenarios.js';
import type { Scenario } from '../scenarios.js';
import { COOKIE, fetchInPage, pageFetchOf, setPageCookie } from './page-fetch.js';
import type { PageOutcome } from './page-fetch.js';
import { askReport, pollForReport } from './report.js';
import type { Polled } from './report.js';
import type { Origins } from './servers.js';
import { sleep } from './wait.js';

export { runAll as runAllFirefox } from './page-fetch.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** The test build: opens its panel in a tab and answers the journal messages. */
export const FIREFOX_EXTENSION_DIR = resolve(process.env.CORS_LENS_FIREFOX_EXTENSION ?? join(ROOT, 'dist', 'firefox-e2e'));

/** Minimal typing of the WebExtension API used inside page.evaluate on the extension page. */
interface ExtensionApi {
  tabs: {
    query(info: object): Promise<{ id?: number; url?: string }[]>;
    create(props: { url: string; active?: boolean }): Promise<{ id?: number }>;
  };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  permissions: {
    contains(p: { origins: string[] }): Promise<boolean>;
    remove(p: { origins: string[] }): Promise<boolean>;
  };
  action: {
    getBadgeText(d: { tabId: number }): Promise<string>;
    getBadgeBackgroundColor(d: { tabId: number }): Promise<number[]>;
  };
  storage: { session: { get(key: string): Promise<Record<string, unknown>> } };
}
declare const browser: ExtensionApi;

/**
 * Prefs that keep Firefox off the network except for our loopback servers. puppeteer already sets
 * many (updates, safebrowsing lists, normandy URL, …); these cover the rest. Every connection attempt
 * to the outside is noise at best and a stall on a machine without internet.
 */
export const QUIET_PREFS: Readonly<Record<string, string | number | boolean>> = {
  'app.update.auto': false,
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'browser.aboutHomeSnippets.updateUrl': '',
  'browser.discovery.enabled': false,
  'browser.newtabpage.activity-stream.feeds.section.topstories': false,
  'browser.newtabpage.activity-stream.feeds.snippets': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.ping-centre.telemetry': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.safebrowsing.update.enabled': false,
  'browser.search.geoip.url': '',
  'browser.topsites.contile.enabled': false,
  'captivedetect.canonicalURL': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.update.enabled': false,
  'geo.provider.network.url': '',
  'identity.fxaccounts.enabled': false,
  'media.gmp-gmpopenh264.enabled': false,
  'media.gmp-manager.url': '',
  'messaging-system.rsexperimentloader.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'network.predictor.enabled': false,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'privacy.query_stripping.enabled': false,
  'security.OCSP.enabled': 0,
  'services.sync.enabled': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.updatePing.enabled': false,
};

/** Why the Firefox e2e tests cannot run, or null. */
export function firefoxProblem(extensionDir: string = FIREFOX_EXTENSION_DIR): string | null {
  if (!existsSync(FIREFOX_PATH)) {
    return `Firefox ESR not found at ${FIREFOX_PATH}: install it (apt-get install -y firefox-esr; CI does) or set FIREFOX_PATH`;
  }
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    return `the Firefox test build is missing (${join(extensionDir, 'manifest.json')}): run \`npm run build\` first`;
  }
  return null;
}

export interface FirefoxLaunchOptions {
  /** Unpacked extension (default dist/firefox-e2e); it must be an e2e build (it opens its panel in a tab). */
  extensionDir?: string;
  /** Extra prefs, applied after QUIET_PREFS. */
  prefs?: Record<string, string | number | boolean>;
  /** Launch and extension-tab timeout, ms (default 30 s). */
  timeout?: number;
  /**
   * Let WebDriver BiDi evaluate in Firefox's own (chrome) windows (`-remote-allow-system-access`):
   * what opening DevTools on a tab needs (`openFirefoxDevtools`).
   */
  systemAccess?: boolean;
}

export interface FirefoxHandle {
  browser: Browser;
  /** `firefox/153.7.0esr` → `153.7.0esr`. */
  version: string;
  extensionId: string;
  /** The extension's own tab (panel.html?e2e=1): where messages to the background are sent from. */
  extPage: Page;
  profileDir: string;
  close(): Promise<void>;
}

/** The moz-extension:// tab the test build opened; puppeteer's page.url() may still say about:blank. */
export async function findExtensionPage(browserHandle: Browser, timeoutMs = 10_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const page of await browserHandle.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://')) return page;
    }
    if (Date.now() > deadline) {
      throw new Error(`no moz-extension:// tab within ${timeoutMs} ms: is the extension an e2e build (dist/firefox-e2e opens panel.html?e2e=1)?`);
    }
    await sleep(100);
  }
}

/** Headless Firefox, fresh profile, the extension installed temporarily, its tab found. */
export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxHandle> {
  const extensionDir = resolve(options.extensionDir ?? FIREFOX_EXTENSION_DIR);
  const problem = firefoxProblem(extensionDir);
  if (problem !== null) throw new Error(problem);
  const timeout = options.timeout ?? 30_000;
  const profileDir = await mkdtemp(join(tmpdir(), 'cors-lens-firefox-'));
  let handle: Browser;
  try {
    handle = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir: profileDir,
      extraPrefsFirefox: { ...QUIET_PREFS, ...options.prefs },
      ...(options.systemAccess ? { args: ['-remote-allow-system-access'] } : {}),
      timeout,
      protocolTimeout: timeout,
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw new Error(`could not launch Firefox at ${FIREFOX_PATH}: ${String(error)}`);
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await handle.close();
    } finally {
      await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  try {
    const product = await handle.version();
    const extensionId = await handle.installExtension(extensionDir);
    const extPage = await findExtensionPage(handle, timeout);
    return { browser: handle, version: product.split('/')[1] ?? product, extensionId, extPage, profileDir, close };
  } catch (error) {
    await close();
    throw new Error(`Firefox started but the extension in ${extensionDir} could not be used: ${String(error)}`);
  }
}

// ---- talking to the background ---------------------------------------------------------------------

/** The unredacted report for one tab (or all tabs), asked from the extension's tab as the panel does. */
export async function fetchReport(extPage: Page, tabId?: number): Promise<Report> {
  return askReport(tabId, (request) => extPage.evaluate((message) => browser.runtime.sendMessage(message), request));
}

/** Ask for the report until `done(report)` holds, bounded; returns the last report and whether it held. */
export async function pollReport(extPage: Page, tabId: number | undefined, done: (report: Report) => boolean, timeoutMs = 5_000): Promise<Polled> {
  return pollForReport(() => fetchReport(extPage, tabId), done, { timeoutMs });
}

/** Start (or restart, emptied) the background's journal of normalised events. */
export async function startJournal(extPage: Page): Promise<void> {
  const ok = await extPage.evaluate(() => browser.runtime.sendMessage({ type: 'cors-lens/e2e-record' }));
  if (ok !== true) throw new Error(`cors-lens/e2e-record answered ${JSON.stringify(ok)}: is this an e2e build?`);
}

/** The journal so far. */
export async function readJournal(extPage: Page): Promise<CaptureEvent[]> {
  const events = await extPage.evaluate(() => browser.runtime.sendMessage({ type: 'cors-lens/e2e-journal' }));
  if (!Array.isArray(events)) throw new Error(`the background keeps no journal (answered ${JSON.stringify(events)}): call startJournal first`);
  return events as CaptureEvent[];
}

/**
 * "Record this tab": full capture for a tab. Since issue #7 a tab nobody looks at is in light mode
 * (failures only), and Firefox reports most CORS blocks as completed requests, so the tests switch
 * recording on, as a user would. Follow with waitForCapture.
 */
export async function recordTab(extPage: Page, tabId: number): Promise<void> {
  const state = await extPage.evaluate(
    (type, id) => browser.runtime.sendMessage({ type, tabId: id, on: true }),
    RECORD_TAB,
    tabId,
  );
  const mode = (state as { mode?: unknown } | null | undefined)?.mode;
  if (mode !== 'full') throw new Error(`${RECORD_TAB} answered ${JSON.stringify(state)} for tab ${tabId}, not mode 'full'`);
}

/**
 * Wait until a probe fetch from `page` (to `probeOrigin`, answered without ACAO, so blocked) shows in
 * the report: proof that the tab's full listener set is live in Firefox's parent process before any
 * scenario runs (listeners are added asynchronously there).
 */
export async function waitForCapture(extPage: Page, page: Page, probeOrigin: string, tabId?: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; ; i++) {
    const url = `${probeOrigin}/probe?t=cors-lens-probe-${Date.now().toString(36)}-${i}`;
    await page.evaluate(async (u) => {
      await fetch(u, { mode: 'cors' }).catch(() => undefined);
    }, url);
    const seen = await pollReport(extPage, tabId, (r) => r.entries.some((e) => e.url === url && e.verdict !== 'pending'), 1_000);
    if (seen.done) return;
    if (Date.now() > deadline) throw new Error(`the probe ${url} never reached the report: full capture is not on for that tab`);
  }
}

/** Ids of every tab whose URL starts with `prefix`, as the extension sees them. */
export async function tabIdsOf(extPage: Page, prefix: string): Promise<number[]> {
  const ids = await extPage.evaluate(
    async (p) => (await browser.tabs.query({})).filter((t) => t.url?.startsWith(p) === true).map((t) => t.id ?? -1),
    prefix,
  );
  return ids.filter((id) => id >= 0);
}

/** Tab id of the first tab whose URL starts with `prefix`, as the extension sees it (polled: URLs arrive late). */
export async function tabIdOf(extPage: Page, prefix: string, timeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const id = await extPage.evaluate(
      async (p) => (await browser.tabs.query({})).find((t) => t.url?.startsWith(p) === true)?.id,
      prefix,
    );
    if (typeof id === 'number') return id;
    if (Date.now() > deadline) throw new Error(`no tab with a URL starting with ${prefix} (does the extension have host permission?)`);
    await sleep(50);
  }
}

// ---- the panel in a tab, host permission, badge, downloads ---------------------------------------------

/**
 * `network.dns.localDomains`: these names resolve to loopback (Firefox's `--host-resolver-rules`),
 * e.g. the zoo's `zoo.test`, `api.test`, `other.test` and `corsproxy.io`.
 */
export function localDomainsPref(hosts: readonly string[]): Record<string, string> {
  return { 'network.dns.localDomains': [...new Set(hosts)].join(',') };
}

/**
 * `permissions.request` from a click is granted without the doorhanger WebDriver cannot answer
 * (ext-permissions.js skips the prompt when `extensions.webextOptionalPermissionPrompts` is false).
 * A request outside a user input handler is still refused.
 */
export const AUTO_GRANT_PREFS: Readonly<Record<string, boolean>> = { 'extensions.webextOptionalPermissionPrompts': false };

/** Downloads go straight to `dir`, no dialog. */
export function downloadPrefs(dir: string): Record<string, string | number | boolean> {
  return {
    'browser.download.folderList': 2,
    'browser.download.dir': dir,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
  };
}

/**
 * An extension page in a new tab, e.g. `panel.html?tabId=3&e2e=1`: BiDi refuses to navigate to
 * moz-extension:// URLs, but a tab the extension opens (tabs.create from its own tab) is scriptable.
 * Found by its href (puppeteer's page.url() may say about:blank).
 */
export async function openExtensionTab(ff: FirefoxHandle, path: string, timeoutMs = 10_000): Promise<Page> {
  const known = new Set(await ff.browser.pages());
  await ff.extPage.evaluate((url) => browser.tabs.create({ url, active: true }).then(() => undefined), path);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const page of await ff.browser.pages()) {
      if (known.has(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith('moz-extension://') && href.endsWith(`/${path}`)) return page;
    }
    if (Date.now() > deadline) throw new Error(`the extension tab ${path} did not appear within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The panel page for `tabId` in a tab of its own (it subscribes, so the tab is captured in full). */
export async function openPanelTab(ff: FirefoxHandle, tabId: number, query: Record<string, string> = { e2e: '1' }): Promise<Page> {
  const params = new URLSearchParams({ tabId: String(tabId), ...query });
  const page = await openExtensionTab(ff, `panel.html?${params.toString()}`);
  await page.waitForSelector('[data-testid="status-bar"]');
  return page;
}

/** Whether the extension holds `<all_urls>`, asked from its tab. */
export async function hasAllUrls(extPage: Page): Promise<boolean> {
  return extPage.evaluate(() => browser.permissions.contains({ origins: ['<all_urls>'] }));
}

/** Revoke `<all_urls>`, as a user does in the extension's settings (allowed without a user gesture). */
export async function revokeAllUrls(extPage: Page): Promise<void> {
  await extPage.evaluate(() => browser.permissions.remove({ origins: ['<all_urls>'] }));
}

/** One storage.session value, read from the extension's tab. */
export async function sessionValue(extPage: Page, key: string): Promise<unknown> {
  return extPage.evaluate(async (k) => (await browser.storage.session.get(k))[k], key);
}

export interface BadgeState {
  text: string;
  /** `#rrggbb`. */
  colour: string;
}

/** The toolbar badge of a tab. */
export async function badgeOf(extPage: Page, tabId: number): Promise<BadgeState> {
  const [text, rgba] = await extPage.evaluate(
    async (id) => [await browser.action.getBadgeText({ tabId: id }), await browser.action.getBadgeBackgroundColor({ tabId: id })] as const,
    tabId,
  );
  const colour = `#${rgba.slice(0, 3).map((n) => n.toString(16).padStart(2, '0')).join('')}`;
  return { text, colour };
}

// ---- Firefox's console messages -------------------------------------------------------------------

/** Reason text (inside "(Reason: …)") → security.properties id. Most specific first; quotes are ‘ ’. */
const REASON_PATTERNS: readonly [RegExp, FirefoxReason][] = [
  [/^Did not find method in CORS header ‘Access-Control-Allow-Methods’/, 'CORSMethodNotFound'],
  [/^invalid token ‘.*’ in CORS header ‘Access-Control-Allow-Methods’/s, 'CORSInvalidAllowMethod'],
  [/^invalid token ‘.*’ in CORS header ‘Access-Control-Allow-Headers’/s, 'CORSInvalidAllowHeader'],
  [/^header ‘.*’ is not allowed according to header ‘Access-Control-Allow-Headers’/s, 'CORSMissingAllowHeaderFromPreflight2'],
  [/^CORS preflight response did not succeed/, 'CORSPreflightDidNotSucceed3'],
  [/^CORS request did not succeed/, 'CORSDidNotSucceed2'],
  [/^Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘\*’/, 'CORSNotSupportingCredentials'],
  [/^Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed/, 'CORSMultipleAllowOriginNotAllowed'],
  [/^CORS header ‘Access-Control-Allow-Origin’ does not match/, 'CORSAllowOriginNotMatchingOrigin'],
  [/^CORS header ‘Access-Control-Allow-Origin’ missing/, 'CORSMissingAllowOrigin2'],
  [/^expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’/, 'CORSMissingAllowCredentials'],
  [/^CORS request external redirect not allowed/, 'CORSExternalRedirectNotAllowed'],
  [/^CORS request not HTTP/i, 'CORSRequestNotHttp'],
  [/^CORS disabled/, 'CORSDisabled'],
  [/^CORS header ‘Origin’ cannot be added/, 'CORSOriginHeaderNotAdded'],
  [/^When the `Access-Control-Allow-Headers` is `\*`, the `Authorization` header is not covered/, 'CORSAllowHeaderFromPreflightDeprecation'],
];

export interface CorsMessage {
  /** Whole message text as Firefox logged it. */
  text: string;
  /** `blocked` for "Cross-Origin Request Blocked", `warning` for "Cross-Origin Request Warning". */
  kind: 'blocked' | 'warning';
  /** The resource URL named in the message. */
  url: string;
  /** The text inside "(Reason: …)". */
  reasonText: string;
  /** Its security.properties id, or null when the text is not one we know. */
  reason: FirefoxReason | null;
}

export function reasonIdOf(reasonText: string): FirefoxReason | null {
  for (const [re, id] of REASON_PATTERNS) if (re.test(reasonText)) return id;
  return null;
}

const MESSAGE = /^Cross-Origin Request (Blocked|Warning): The Same Origin Policy (?:disallows|will disallow) reading the remote resource at ‘?(\S+?)’?\.?(?: soon\.)? \(Reason: (.*?)\)(?:\. Status code: .*)?\.?$/s;

/** Parse one of Firefox's CORS console messages (some quote the URL in ‘ ’); null for any other message. */
export function parseCorsMessage(text: string): CorsMessage | null {
  const m = MESSAGE.exec(text.trim());
  if (!m) return null;
  const [, kind = '', url = '', reasonText = ''] = m;
  return { text, kind: kind === 'Blocked' ? 'blocked' : 'warning', url, reasonText, reason: reasonIdOf(reasonText) };
}

// ---- Firefox as the oracle -------------------------------------------------------------------------

export type FirefoxVerdict = 'allowed' | 'blocked' | 'failed';

export interface FirefoxTruth {
  scenarioId: string;
  url: string;
  /** Method as fetch() sends it. */
  method: string;
  /**
   * allowed: fetch() resolved. Otherwise the first "Blocked" message decides: CORSDidNotSucceed2
   * ("CORS request did not succeed", Firefox's words for a network-level failure) → failed; any other
   * reason → blocked. fetch() rejected with no message at all → failed with `silent` set.
   */
  verdict: FirefoxVerdict;
  /** Reason id of the first "Blocked" message (Firefox logs the deciding one first), or null. */
  reason: FirefoxReason | null;
  /** Reason ids of every "Blocked" message for this URL, in order (null = text not recognised). */
  reasons: (FirefoxReason | null)[];
  /** Every CORS message (blocked and warning) naming this URL's tag, in arrival order. */
  console: string[];
  /** fetch() rejected but Firefox logged no CORS message: its verdict is unknown. */
  silent: boolean;
  /** The page-side rejection text, or null. */
  fetchError: string | null;
  /** HTTP status the page saw when allowed. */
  status: number | null;
}

export interface OracleRunOptions {
  /** Unique per fetch: the `t` parameter of the URL. Messages are matched to runs by it. */
  tag: string;
  /** Abort the fetch after this long (ms, default 10 s). */
  fetchTimeout?: number;
  /** After a rejection, how long to wait for Firefox's first message (ms, default 3 s). */
  messageTimeout?: number;
  /** After the last message for the URL, how long without another before it is complete (ms, default 150). */
  quietMs?: number;
}

export interface FirefoxOracle {
  /** The page (on the page origin) every fetch runs in. */
  page: Page;
  run(scenario: Scenario, options: OracleRunOptions): Promise<FirefoxTruth>;
  /** Messages for a tag seen so far (late ones included), for callers that wait longer. */
  messagesFor(tag: string): CorsMessage[];
  /** Console text that looked like a CORS message but did not parse, or named a URL without tag. */
  unmatched(): string[];
  close(): Promise<void>;
}

/** Open a tab on the page origin that runs scenarios' fetch() and reads Firefox's console for the verdict. */
export async function firefoxOracle(browserHandle: Browser, origins: Origins): Promise<FirefoxOracle> {
  const page = await browserHandle.newPage();
  const byTag = new Map<string, CorsMessage[]>();
  const stray: string[] = [];
  const collect = (text: string): void => {
    if (!text.includes('Cross-Origin Request')) return;
    const msg = parseCorsMessage(text);
    let tag: string | null = null;
    try {
      tag = msg ? new URL(msg.url).searchParams.get('t') : null;
    } catch {
      tag = null;
    }
    if (!msg || tag === null) {
      stray.push(text);
      return;
    }
    const list = byTag.get(tag) ?? [];
    list.push(msg);
    byTag.set(tag, list);
  };
  // CORS messages are script errors (BiDi `javascript` entries → pageerror); console too, to miss nothing.
  page.on('pageerror', (error) => collect(error instanceof Error ? error.message : String(error)));
  page.on('console', (msg) => collect(msg.text()));
  await page.goto(`${origins.page}/`, { waitUntil: 'load' });

  const usedTags = new Set<string>();
  const messagesFor = (tag: string): CorsMessage[] => [...(byTag.get(tag) ?? [])];

  const run = async (scenario: Scenario, options: OracleRunOptions): Promise<FirefoxTruth> => {
    const { tag } = options;
    if (usedTags.has(tag)) throw new Error(`${scenario.id}: tag ${tag} already used; console messages are matched by tag`);
    usedTags.add(tag);
    const url = scenarioUrl(scenario, origins, tag);
    const method = normalizedMethod(scenario.request.method);
    if (scenario.request.credentials === 'include') await page.evaluate(setPageCookie, COOKIE);
    const outcome: PageOutcome = await page.evaluate(fetchInPage, pageFetchOf(scenario, url, options.fetchTimeout ?? 10_000));

    if (!outcome.ok) {
      // Messages arrive asynchronously, before or after the rejection: wait for the first, then for quiet.
      const quiet = options.quietMs ?? 150;
      const firstBy = Date.now() + (options.messageTimeout ?? 3_000);
      const hardStop = firstBy + 2_000;
      let count = 0;
      let changedAt = Date.now();
      for (;;) {
        const n = byTag.get(tag)?.length ?? 0;
        if (n !== count) {
          count = n;
          changedAt = Date.now();
        }
        const now = Date.now();
        if (count > 0 && now - changedAt >= quiet) break;
        if (count === 0 && now > firstBy) break;
        if (now > hardStop) break;
        await sleep(20);
      }
    }
    const messages = messagesFor(tag);
    const blocked = messages.filter((m) => m.kind === 'blocked');
    const reason = blocked[0]?.reason ?? null;
    let verdict: FirefoxVerdict;
    if (outcome.ok) verdict = 'allowed';
    else if (blocked.length === 0 || reason === 'CORSDidNotSucceed2') verdict = 'failed';
    else verdict = 'blocked';
    return {
      scenarioId: scenario.id,
      url,
      method,
      verdict,
      reason: outcome.ok ? null : reason,
      reasons: blocked.map((m) => m.reason),
      console: messages.map((m) => m.text),
      silent: !outcome.ok && blocked.length === 0,
      fetchError: outcome.error,
      status: outcome.status,
    };
  };

  return {
    page,
    run,
    messagesFor,
    unmatched: () => [...stray],
    async close() {
      await page.close().catch(() => undefined);
    },
  };
}

/** Short text of a Firefox verdict: `allowed 200`, `failed CORSDidNotSucceed2`, `CORSMethodNotFound`. */
export function describeTruth(t: FirefoxTruth): string {
  if (t.verdict === 'allowed') return `allowed ${t.status ?? ''}`.trim();
  if (t.silent) return 'failed (no console message)';
  if (t.verdict === 'failed') return `failed ${t.reason ?? ''}`.trim();
  return t.reason ?? `blocked (unrecognised: ${t.console[0] ?? ''})`;
}

// ---- DevTools in Firefox ------------------------------------------------------------------------------

interface BidiConnection {
  send(method: string, params: object): Promise<{ result?: unknown }>;
}

/**
 * Evaluates `expression` (awaited) in Firefox's browser window, through WebDriver BiDi's chrome scope
 * (Firefox launched with `systemAccess`). Returns the string it gives.
 */
async function inBrowserWindow(ff: FirefoxHandle, expression: string): Promise<string> {
  const connection = (ff.browser as unknown as { connection?: BidiConnection }).connection;
  if (!connection) throw new Error('no BiDi connection on this puppeteer Browser');
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const context = (tree.result as { contexts?: { context: string; url: string }[] } | undefined)?.contexts?.find((c) => c.url.startsWith('chrome://browser/'))?.context;
  if (!context) throw new Error(`no browser window in the chrome scope (launch with systemAccess): ${JSON.stringify(tree).slice(0, 300)}`);
  const r = await connection.send('script.evaluate', { expression, target: { context }, awaitPromise: true });
  const result = r.result as { type?: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } } | undefined;
  if (result?.type !== 'success') throw new Error(`in the browser window: ${result?.exceptionDetails?.text ?? JSON.stringify(r).slice(0, 300)}`);
  return String(result.result?.value ?? '');
}

const DEVTOOLS = 'const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs"); const { gDevTools } = require("devtools/client/framework/devtools"); const win = Services.wm.getMostRecentWindow("navigator:browser");';

/**
 * Opens (or closes) Firefox's DevTools toolbox on `page`'s tab, as F12 would: the extension's
 * devtools page then loads for that tab, whether or not its CORS panel is shown.
 */
export async function firefoxDevtools(ff: FirefoxHandle, page: Page, open: boolean): Promise<void> {
  await page.bringToFront();
  const url = await page.evaluate(() => location.href);
  await inBrowserWindow(ff, `(async () => { ${DEVTOOLS}
    const tab = [...win.gBrowser.tabs].find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
    if (!tab) throw new Error('no tab at ${url.replace(/'/g, '')}');
    if (${open}) await gDevTools.showToolboxForTab(tab); else await gDevTools.closeToolboxForTab(tab);
    return 'ok';
  })()`);
}
