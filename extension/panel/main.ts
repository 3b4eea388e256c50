/**
 * The panel page (opened by DevTools, or directly as panel.html?tabId=N). Until the Preact panel
 * lands (issue #4) it is a plain list from the live channel, with the capture-mode controls of
 * issue #7. Everything from the network is set as text, never as markup.
 */
import type { ReportEntry } from '../../src/report/types.js';
import {
  LIVE_PORT, RECORD_TAB, SETTINGS, TAB_STATE, type LiveMessage, type Ping, type Settings, type Subscribe, type TabState,
} from '../../src/messages.js';
import { browser } from '../platform.js';

interface DevtoolsGlobal { chrome?: { devtools?: { inspectedWindow?: { tabId?: number } } } }

function inspectedTabId(): number | null {
  const fromDevtools = (globalThis as DevtoolsGlobal).chrome?.devtools?.inspectedWindow?.tabId;
  if (typeof fromDevtools === 'number') return fromDevtools;
  const q = new URLSearchParams(location.search).get('tabId');
  return q !== null && /^\d+$/.test(q) ? Number(q) : null;
}

const app = document.getElementById('app') as HTMLElement;
const status = document.createElement('p');
const list = document.createElement('ol');
const entries = new Map<string, ReportEntry>();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.textContent = text;
  return e;
}

function render(): void {
  const items: HTMLElement[] = [];
  for (const e of entries.values()) {
    const li = el('li', `${e.verdict}  ${e.method} ${e.url}  ${e.reasons[0]?.title ?? ''}${e.mode === 'light' ? '  (light)' : ''}`);
    li.dataset.verdict = e.verdict;
    items.push(li);
  }
  list.replaceChildren(...items);
}

async function renderStatus(tab: number): Promise<void> {
  const state = (await browser.runtime.sendMessage({ type: TAB_STATE, tabId: tab })) as TabState;
  const settings = (await browser.runtime.sendMessage({ type: SETTINGS })) as Settings;
  const parts: Node[] = [el('span', `Capture: ${state.mode}. `)];
  if (state.lightEntries > 0) {
    parts.push(el('span', `${state.lightEntries} request(s) failed before CORS Lens was watching this tab closely: reload to see why. `));
    const reload = el('button', 'Reload');
    reload.addEventListener('click', () => void browser.tabs.reload(tab));
    parts.push(reload);
  }
  const record = el('label', ' Record this tab');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = state.recorded;
  box.addEventListener('change', () => void browser.runtime.sendMessage({ type: RECORD_TAB, tabId: tab, on: box.checked }));
  record.prepend(box);
  const all = el('label', ' Always record all tabs');
  const allBox = document.createElement('input');
  allBox.type = 'checkbox';
  allBox.checked = settings.recordAllTabs;
  allBox.addEventListener('change', () => void browser.runtime.sendMessage({ type: SETTINGS, set: { recordAllTabs: allBox.checked } }));
  all.prepend(allBox);
  status.replaceChildren(...parts, record, all);
}

const tabId = inspectedTabId();
if (tabId === null) {
  app.textContent = 'No tab to inspect: open this panel from DevTools, or add ?tabId=N.';
} else {
  app.replaceChildren(status, list);
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
        void renderStatus(tab);
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
