/**
 * The extension API for the panel without webextension-polyfill (it would cost the panel 3.4 KB
 * gzip): Firefox has promise-based `browser`, Chromium's MV3 `chrome.*` return promises for
 * everything used here (runtime.sendMessage, tabs.reload, permissions.*). Types come from the
 * polyfill's declarations only.
 */
import type Browser from 'webextension-polyfill';

interface Globals { browser?: Browser.Browser; chrome?: Browser.Browser }

const g = globalThis as Globals;
export const api = (g.browser ?? g.chrome) as Browser.Browser;

/**
 * `runtime.getBrowserInfo` exists only in Firefox (extension/platform.ts relies on it), but Firefox
 * does not give it to DevTools panels (their context has a content script's APIs): there the
 * page's own scheme tells.
 */
export function detectBrowser(runtime: unknown, protocol: string | undefined): 'chromium' | 'firefox' {
  const firefox = typeof (runtime as { getBrowserInfo?: unknown } | undefined)?.getBrowserInfo === 'function' || protocol === 'moz-extension:';
  return firefox ? 'firefox' : 'chromium';
}

export const browserName = detectBrowser(api?.runtime, typeof location === 'undefined' ? undefined : location.protocol);
