/**
 * Background: webRequest → Capture (src/) → storage, badge, panels. Everything that decides lives
 * in src/; this file only wires the browser to it.
 */
import { Capture } from '../../src/capture/capture.js';
import type { CaptureEvent } from '../../src/capture/events.js';
import type { RequestRecord } from '../../src/capture/record.js';
import { CLEAR, isRequest, REPORT, SETTINGS, type Request, type Settings } from '../../src/messages.js';
import { browser, browserName, profile } from '../platform.js';
import { Badge } from './badge.js';
import { listen } from './listeners.js';
import { Live } from './live.js';
import { Store } from './store.js';

const store = new Store();
let live: Live | null = null;
let badge: Badge | null = null;
let clearing = false;

const capture = new Capture({
  profile,
  browser: browserName,
  hooks: {
    changed(rec) {
      store.changed(rec);
      live?.changed(rec);
      badge?.update(rec.tabId);
    },
    removed(tabId, recs) {
      store.removed(recs);
      live?.removed(tabId, recs, clearing);
      badge?.update(tabId);
    },
  },
});
live = new Live(capture);
badge = new Badge((tabId) => capture.logs.blockedCount(tabId));

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
  capture.handle(ev);
}

// Synchronously, at start-up: only listeners registered now wake a stopped worker.
listen(onEvent);

browser.tabs.onRemoved.addListener((tabId) => {
  clearing = true;
  capture.tabClosed(tabId);
  clearing = false;
  badge?.forget(tabId);
});

browser.runtime.onConnect.addListener((port) => live?.connect(port));

declare const __CORS_LENS_E2E__: boolean;

browser.runtime.onMessage.addListener((msg: unknown) => {
  if (__CORS_LENS_E2E__ && (msg as { type?: unknown } | null)?.type === 'cors-lens/e2e-journal') {
    return Promise.resolve(journal.__corsLensJournal ?? null);
  }
  if (__CORS_LENS_E2E__ && (msg as { type?: unknown } | null)?.type === 'cors-lens/e2e-record') {
    journal.__corsLensJournal = [];
    return Promise.resolve(true);
  }
  if (!isRequest(msg)) return undefined;
  return whenReady.then(() => answer(msg));
});

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
        await browser.storage.local.set({ settings: currentSettings() });
      }
      return currentSettings();
  }
}

function currentSettings(): Settings {
  return { preserveLog: capture.logs.preserveLog };
}

const whenReady = (async () => {
  try {
    const [records, local] = await Promise.all([store.load(), browser.storage.local.get('settings')]);
    const saved = local.settings as Partial<Settings> | undefined;
    if (typeof saved?.preserveLog === 'boolean') capture.logs.preserveLog = saved.preserveLog;
    capture.restore(records as RequestRecord[]);
  } catch {
    // Nothing stored, or storage unavailable: start empty.
  }
  ready = true;
  for (const ev of early.splice(0)) capture.handle(ev);
})();
