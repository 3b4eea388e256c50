/** The panel's Backend (src/ui/backend.ts) on top of `browser.*` and the page's DOM. */
import type { Backend, LivePort } from '../../src/ui/backend.js';
import { LIVE_PORT } from '../../src/messages.js';
import { ALL_URLS, HOST_ACCESS_KEY } from '../background/host-access.js';
import { api as browser } from './api.js';

interface DevtoolsGlobal {
  chrome?: { devtools?: { inspectedWindow?: { tabId?: number; reload?: (opts?: object) => void } } };
}

export function inspectedWindow(): { tabId?: number; reload?: (opts?: object) => void } | undefined {
  return (globalThis as DevtoolsGlobal).chrome?.devtools?.inspectedWindow;
}

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

/**
 * Whether `<all_urls>` is granted. Pages with the `permissions` API ask it; Firefox's DevTools
 * panels have none and read the background's mirror (storage.session, extension/background/host-access.ts);
 * no answer at all counts as granted (nothing to offer).
 */
async function hostAccess(): Promise<boolean> {
  if (browser.permissions?.contains) return browser.permissions.contains(ALL_URLS);
  const session = browser.storage?.session;
  if (!session) return true;
  const stored = (await session.get(HOST_ACCESS_KEY))[HOST_ACCESS_KEY];
  return typeof stored === 'boolean' ? stored : true;
}

/** Re-checks on every permission change (onAdded/onRemoved), or on the mirror's change. */
function watchHostAccess(listener: (granted: boolean) => void): () => void {
  const recheck = (): void => {
    hostAccess().then(listener, () => undefined);
  };
  const perms = browser.permissions;
  if (perms?.onAdded && perms.onRemoved) {
    perms.onAdded.addListener(recheck);
    perms.onRemoved.addListener(recheck);
    return () => {
      perms.onAdded.removeListener(recheck);
      perms.onRemoved.removeListener(recheck);
    };
  }
  const onChanged = browser.storage?.session?.onChanged;
  if (!onChanged) return () => undefined;
  const changed = (changes: Record<string, unknown>): void => {
    if (HOST_ACCESS_KEY in changes) recheck();
  };
  onChanged.addListener(changed);
  return () => onChanged.removeListener(changed);
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
    hasHostPermission: () => hostAccess(),
    // Called straight from the click (no await before it): Firefox grants only inside a user input handler.
    ...(browser.permissions?.request ? { requestHostPermission: () => browser.permissions.request(ALL_URLS) } : {}),
    onHostPermissionChange: watchHostAccess,
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
