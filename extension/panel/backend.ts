/** The panel's Backend (src/ui/backend.ts) on top of `browser.*` and the page's DOM. */
import type { Backend, LivePort } from '../../src/ui/backend.js';
import { LIVE_PORT } from '../../src/messages.js';
import { api as browser } from './api.js';

interface DevtoolsGlobal {
  chrome?: { devtools?: { inspectedWindow?: { tabId?: number; reload?: (opts?: object) => void } } };
}

export function inspectedWindow(): { tabId?: number; reload?: (opts?: object) => void } | undefined {
  return (globalThis as DevtoolsGlobal).chrome?.devtools?.inspectedWindow;
}

const ALL_URLS = { origins: ['<all_urls>'] };

/** Copies through the async Clipboard API, or execCommand where it is blocked (DevTools panels). */
async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // DevTools panel frames usually lack clipboard-write: fall back below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

export interface BackendOptions {
  tabId: number;
  /** ?e2e=1: also expose copies and exports on document.body.dataset for browser tests. */
  e2e: boolean;
  inDevtools: boolean;
}

export function extensionBackend({ tabId, e2e, inDevtools }: BackendOptions): Backend {
  return {
    connect(): LivePort {
      const port = browser.runtime.connect({ name: LIVE_PORT });
      return {
        post: (msg) => port.postMessage(msg),
        onMessage: (l) => port.onMessage.addListener((m: unknown) => l(m)),
        onDisconnect: (l) => port.onDisconnect.addListener(() => l()),
        disconnect: () => port.disconnect(),
      };
    },
    send: (req) => browser.runtime.sendMessage(req) as never,
    async reload() {
      const iw = inspectedWindow();
      if (inDevtools && iw?.reload) iw.reload({});
      else await browser.tabs.reload(tabId);
    },
    async hasHostPermission() {
      if (!browser.permissions?.contains) return true;
      return browser.permissions.contains(ALL_URLS);
    },
    async requestHostPermission() {
      if (!browser.permissions?.request) return false;
      return browser.permissions.request(ALL_URLS);
    },
    async copy(text) {
      if (e2e) document.body.dataset.lastCopied = text;
      await writeClipboard(text);
    },
    async save(filename, mime, text) {
      if (e2e) {
        document.body.dataset.lastExport = text;
        document.body.dataset.lastExportName = filename;
      }
      const url = URL.createObjectURL(new Blob([text], { type: mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    loadPref(key) {
      try {
        return localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    savePref(key, value) {
      try {
        localStorage.setItem(key, value);
      } catch {
        // storage unavailable: the choice lasts for this session only
      }
    },
    ...(inDevtools
      ? { popOut: () => void window.open(browser.runtime.getURL(`panel.html?tabId=${tabId}`), '_blank', 'popup,width=1200,height=800') }
      : {}),
  };
}
