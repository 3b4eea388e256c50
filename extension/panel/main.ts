/**
 * The panel page (opened by DevTools, or directly as panel.html?tabId=N). Until the Preact panel
 * lands (issue #4) it lists the tab's entries as plain text from the live channel.
 */
import type { ReportEntry } from '../../src/report/types.js';
import { LIVE_PORT, type LiveMessage, type Ping, type Subscribe } from '../../src/messages.js';
import { browser } from '../platform.js';

interface DevtoolsGlobal { chrome?: { devtools?: { inspectedWindow?: { tabId?: number } } } }

function inspectedTabId(): number | null {
  const fromDevtools = (globalThis as DevtoolsGlobal).chrome?.devtools?.inspectedWindow?.tabId;
  if (typeof fromDevtools === 'number') return fromDevtools;
  const q = new URLSearchParams(location.search).get('tabId');
  return q !== null && /^\d+$/.test(q) ? Number(q) : null;
}

const app = document.getElementById('app') as HTMLElement;
const entries = new Map<string, ReportEntry>();

function render(): void {
  const list = document.createElement('ol');
  for (const e of entries.values()) {
    const li = document.createElement('li');
    li.dataset.verdict = e.verdict;
    // Untrusted text: textContent only, never markup.
    li.textContent = `${e.verdict}  ${e.method} ${e.url}  ${e.reasons[0]?.title ?? ''}`;
    list.append(li);
  }
  app.replaceChildren(list);
}

const tabId = inspectedTabId();
if (tabId === null) {
  app.textContent = 'No tab to inspect: open this panel from DevTools, or add ?tabId=N.';
} else {
  connect(tabId);
}

/** Subscribes to the tab's log; reconnects when the service worker was stopped (the log survives it). */
function connect(tab: number): void {
  const port = browser.runtime.connect({ name: LIVE_PORT });
  port.onMessage.addListener((raw: unknown) => {
    const msg = raw as LiveMessage;
    switch (msg.type) {
      case 'snapshot':
        entries.clear();
        for (const e of msg.entries) entries.set(e.id, e);
        break;
      case 'entry':
        entries.set(msg.entry.id, msg.entry);
        break;
      case 'removed':
        for (const id of msg.ids) entries.delete(id);
        break;
      case 'cleared':
        entries.clear();
        break;
    }
    render();
  });
  // Traffic on the port keeps the MV3 worker (and this tab's full capture) alive.
  const ping: Ping = { type: 'ping' };
  const timer = setInterval(() => port.postMessage(ping), 20_000);
  port.onDisconnect.addListener(() => {
    clearInterval(timer);
    setTimeout(() => connect(tab), 200);
  });
  const subscribe: Subscribe = { type: 'subscribe', tabId: tab };
  port.postMessage(subscribe);
}
