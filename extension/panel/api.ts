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

/** As extension/platform.ts: `runtime.getBrowserInfo` exists only in Firefox. */
export const browserName: 'chromium' | 'firefox' =
  typeof (api?.runtime as { getBrowserInfo?: unknown } | undefined)?.getBrowserInfo === 'function' ? 'firefox' : 'chromium';
