/**
 * Background: webRequest and DevTools' log → CaptureService (src/) → storage, badge, panels.
 * Everything that decides lives in src/ (routing included: src/capture/router.ts, service.ts);
 * this file only wires the browser to it.
 */
import type { CaptureEvent } from '../../src/capture/events.js';
import { CaptureService, type Arrival } from '../../src/capture/service.js';
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

/** Tests switch this on (`globalThis.__corsLensJournal = []`) to record fixtures; off, it costs one check. */
interface Journal { __corsLensJournal?: CaptureEvent[] }
const journal = globalThis as Journal;

function onEvent(channel: Arrival, ev: CaptureEvent, relay = ''): void {
  const j = journal.__corsLensJournal;
  if (j && j.length < 100_000 && channel !== 'devtools' && channel !== 'document') j.push(ev);
  // A navigation clears the tab's log: the panel gets `cleared`, not a list of removals.
  clearing = channel === 'document' || (channel === 'failure' && ev.type === 'main_frame');
  service.event(channel, ev, relay);
  clearing = false;
  if (channel === 'failure') wake();
}

const listeners = new Listeners({
  full: (ev) => onEvent('webrequest', ev),
  proxy: (ev) => onEvent('proxy', ev),
  failure: (ev) => onEvent('failure', ev),
  document: (ev) => onEvent('document', ev),
});

let routingTimer: ReturnType<typeof setTimeout> | null = null;
let routing: unknown = null;
const service: CaptureService = new CaptureService({
  profile,
  browser: browserName,
  ports: {
    applyPlan: (plan) => listeners.apply(plan),
    // Written at most every 100 ms: which tabs DevTools relays, and each tab's sources over time.
    saveRouting: (state) => {
      routing = state;
      routingTimer ??= setTimeout(() => {
        routingTimer = null;
        browser.storage.session.set({ routing }).catch(() => undefined);
      }, 100);
    },
  },
  hooks: {
    changed(rec) {
      // Records read back from storage are already there: don't write them all again.
      if (!restoring) store.changed(rec);
      live.changed(rec);
      badge.update(rec.tabId);
      if (!rec.done) wake();
    },
    removed(tabId, recs) {
      store.removed(recs);
      live.removed(tabId, recs, clearing);
      badge.update(tabId);
    },
  },
});
const capture = service.capture;
const modes = service.modes;
const live = new Live(capture, {
  opened: (tabId) => modes.panelOpened(tabId),
  closed: (tabId) => modes.panelClosed(tabId),
});
const badge = new Badge((tabId) => ({ blocked: capture.logs.blockedCount(tabId), proxied: capture.logs.proxiedCount(tabId) }));

/** Held failures, stalls, draining sets and relays expected back need time to pass: tick while any waits. */
let ticker: ReturnType<typeof setInterval> | null = null;
function wake(): void {
  if (ticker !== null || !service.isReady) return;
  ticker = setInterval(() => {
    if (!service.tick(Date.now()) && ticker !== null) {
      clearInterval(ticker);
      ticker = null;
    }
  }, 1_000);
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
  service.tabClosed(tabId);
  clearing = false;
  badge.forget(tabId);
  void saveModes();
});

browser.runtime.onConnect.addListener((port) => {
  live.connect(port);
  acceptDevtools(port, {
    opened: (tabId, session, relays, page, pageAt) => {
      service.relayOpened(tabId, session, relays, page, pageAt);
      wake();
    },
    closed: (tabId, relays) => service.relayClosed(tabId, relays),
    event: (ev, session) => onEvent('devtools', ev, session),
    navigated: (tabId, session, page, t) => service.relayNavigated(tabId, session, page, t),
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
      return service.report(msg.tabId, msg.redact !== false);
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
  let saved: Parameters<CaptureService['restore']>[0] = {};
  try {
    const [records, local, session] = await Promise.all([
      store.load(), browser.storage.local.get('settings'), browser.storage.session.get(['recordedTabs', 'routing']),
    ]);
    const settings = local.settings as Partial<Settings> | undefined;
    saved = { records, preserveLog: settings?.preserveLog, recordAllTabs: settings?.recordAllTabs, recordedTabs: session.recordedTabs, routing: session.routing };
  } catch {
    // Nothing stored, or storage unavailable: start empty.
  }
  service.restore(saved, (load) => {
    restoring = true;
    try {
      load();
    } finally {
      restoring = false;
    }
  });
  wake();
})();

