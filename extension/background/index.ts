/**
 * Background: webRequest → Capture (src/) → storage, badge, panels. Everything that decides lives
 * in src/; this file only wires the browser to it.
 */
import { Capture } from '../../src/capture/capture.js';
import type { CaptureEvent } from '../../src/capture/events.js';
import { Modes } from '../../src/capture/modes.js';
import type { RequestRecord } from '../../src/capture/record.js';
import {
  CLEAR, isRequest, RECORD_TAB, REPORT, SETTINGS, TAB_STATE, type Request, type Settings, type TabState,
} from '../../src/messages.js';
import { browser, browserName, isFirefox, profile } from '../platform.js';
import { Badge } from './badge.js';
import { acceptDevtools } from './devtools-relay.js';
import { mirrorHostAccess } from './host-access.js';
import { Listeners } from './listeners.js';
import { Live } from './live.js';
import { Store } from './store.js';

declare const __CORS_LENS_E2E__: boolean;

const store = new Store();
let clearing = false;
let restoring = false;
const listeners = new Listeners({
  // Not for a tab DevTools' log captures (the provisional all-tabs set at start-up would repeat it).
  full: (ev) => {
    if (modes.source(ev.tabId) !== 'devtools') onEvent(ev);
  },
  // A proxy request in a fully captured tab also reaches the full set (or DevTools' log): take it once.
  proxy: (ev) => {
    if (modes.source(ev.tabId) === 'light') onEvent(ev);
  },
  // DevTools' log reports a tab's failures too (after its other events, where the tracker wants them).
  failure: (ev) => {
    if (modes.source(ev.tabId) !== 'devtools') onEvent(ev);
  },
});
const modes = new Modes((plan) => {
  if (ready) listeners.apply(plan);
});

const capture = new Capture({
  profile,
  browser: browserName,
  mode: (tabId) => modes.mode(tabId),
  hooks: {
    changed(rec) {
      // Records read back from storage are already there: don't write them all again.
      if (!restoring) store.changed(rec);
      live.changed(rec);
      badge.update(rec.tabId);
    },
    removed(tabId, recs) {
      store.removed(recs);
      live.removed(tabId, recs, clearing);
      badge.update(tabId);
    },
  },
});
const live = new Live(capture, {
  opened: (tabId) => modes.panelOpened(tabId),
  closed: (tabId) => modes.panelClosed(tabId),
});
const badge = new Badge((tabId) => ({ blocked: capture.logs.blockedCount(tabId), proxied: capture.logs.proxiedCount(tabId) }));

/** Tests switch this on (`globalThis.__corsLensJournal = []`) to record fixtures; off, it costs one check. */
interface Journal { __corsLensJournal?: CaptureEvent[] }
const journal = globalThis as Journal;

// Events that arrive while the stored log is being read back are held, then replayed in order.
let ready = false;
const early: CaptureEvent[] = [];
const EARLY_MAX = 10_000;

function onEvent(ev: CaptureEvent): void {
  const j = journal.__corsLensJournal;
  if (j && j.length < 100_000) j.push(ev);
  if (!ready) {
    if (early.length < EARLY_MAX) early.push(ev);
    return;
  }
  dispatch(ev);
}

function dispatch(ev: CaptureEvent): void {
  if (ev.kind === 'error' && modes.mode(ev.tabId) === 'light') capture.failure(ev);
  else capture.handle(ev);
}

// Synchronously, at start-up: only listeners registered now wake a stopped worker.
listeners.start();
// The listeners are added whatever the host permission (Firefox MV3 may not grant <all_urls> at
// install; users may withdraw it): the browser filters events by permission when it dispatches
// them, so a later grant works without re-registering or reloading (test/e2e/firefox-panel.test.ts).
// Pages without the permissions API (Firefox's DevTools panels) read the grant from storage.session.
if (isFirefox) mirrorHostAccess(browser);

browser.tabs.onRemoved.addListener((tabId) => {
  clearing = true;
  capture.tabClosed(tabId);
  clearing = false;
  modes.tabClosed(tabId);
  badge.forget(tabId);
  void saveModes();
});

// Full sets see a tab's navigations as main_frame requests; other tabs are told here.
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading' && modes.source(tabId) !== 'webrequest') {
    clearing = true;
    capture.logs.navigated(tabId);
    clearing = false;
  }
});

browser.runtime.onConnect.addListener((port) => {
  live.connect(port);
  // Chromium only: Firefox captures through webRequest (no extraHeaders cost there), see devtools/main.ts.
  if (!isFirefox) acceptDevtools(port, {
    opened: (tabId) => modes.devtoolsOpened(tabId),
    closed: (tabId) => modes.devtoolsClosed(tabId),
    // Recorded tabs (and all tabs) have webRequest full sets: DevTools' log would repeat them.
    event: (ev) => {
      if (modes.source(ev.tabId) === 'devtools') onEvent(ev);
    },
  });
});

// Answered through sendResponse (return true): returning a promise is not supported by every
// Chromium this extension runs on.
browser.runtime.onMessage.addListener(((msg: unknown, _sender: unknown, sendResponse: (answer: unknown) => void) => {
  const type = (msg as { type?: unknown } | null)?.type;
  if (__CORS_LENS_E2E__ && type === 'cors-lens/e2e-journal') {
    sendResponse(journal.__corsLensJournal ?? null);
    return false;
  }
  if (__CORS_LENS_E2E__ && type === 'cors-lens/e2e-record') {
    journal.__corsLensJournal = [];
    sendResponse(true);
    return false;
  }
  if (!isRequest(msg)) return false;
  whenReady.then(() => answer(msg)).then(sendResponse, (e: unknown) => sendResponse({ error: String(e) }));
  return true;
}) as Parameters<typeof browser.runtime.onMessage.addListener>[0]);

// Test builds only: a tab the extension opened itself is scriptable from WebDriver BiDi.
if (__CORS_LENS_E2E__) void browser.tabs.create({ url: browser.runtime.getURL('panel.html?e2e=1') });

async function answer(msg: Request): Promise<unknown> {
  switch (msg.type) {
    case REPORT:
      return capture.report(msg.tabId, msg.redact !== false);
    case CLEAR: {
      clearing = true;
      const cleared = capture.clear(msg.tabId);
      clearing = false;
      return { cleared };
    }
    case SETTINGS:
      if (msg.set) {
        if (typeof msg.set.preserveLog === 'boolean') capture.logs.preserveLog = msg.set.preserveLog;
        if (typeof msg.set.recordAllTabs === 'boolean') modes.setRecordAll(msg.set.recordAllTabs);
        await browser.storage.local.set({ settings: currentSettings() });
      }
      return currentSettings();
    case RECORD_TAB:
      modes.setRecorded(msg.tabId, msg.on);
      await saveModes();
      return tabState(msg.tabId);
    case TAB_STATE:
      return tabState(msg.tabId);
  }
}

function currentSettings(): Settings {
  return { preserveLog: capture.logs.preserveLog, recordAllTabs: modes.recordAllTabs };
}

function tabState(tabId: number): TabState {
  const lightEntries = capture.logs.records(tabId).filter((r) => r.mode === 'light').length;
  return { mode: modes.mode(tabId), recorded: modes.isRecorded(tabId), recordAllTabs: modes.recordAllTabs, lightEntries, source: modes.source(tabId) };
}

/** Recorded tabs live as long as the browser session (tab ids do not outlive it). */
async function saveModes(): Promise<void> {
  try {
    await browser.storage.session.set({ recordedTabs: modes.recordedTabs() });
  } catch {
    // storage.session unavailable: recording lasts until the worker stops.
  }
}

const whenReady = (async () => {
  try {
    const [records, local, session] = await Promise.all([
      store.load(), browser.storage.local.get('settings'), browser.storage.session.get('recordedTabs'),
    ]);
    const saved = local.settings as Partial<Settings> | undefined;
    if (typeof saved?.preserveLog === 'boolean') capture.logs.preserveLog = saved.preserveLog;
    if (saved?.recordAllTabs === true) modes.recordAllTabs = true;
    const recorded = session.recordedTabs;
    if (Array.isArray(recorded)) for (const t of recorded) if (Number.isInteger(t)) modes.setRecorded(t as number, true);
    restoring = true;
    try {
      capture.restore(records as RequestRecord[]);
    } finally {
      restoring = false;
    }
  } catch {
    // Nothing stored, or storage unavailable: start empty.
  }
  ready = true;
  listeners.apply(modes.plan());
  for (const ev of early.splice(0)) dispatch(ev);
})();
