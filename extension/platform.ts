/**
 * Browser differences, detected once. Never `typeof browser`: Chromium ≥ 148 has a global
 * `browser` too (research feasibility.md §5.4).
 */
import type Browser from 'webextension-polyfill';
import { CHROMIUM, FIREFOX, type Profile } from '../src/engine/profile.js';

/**
 * The extension API, without webextension-polyfill at run time (3 KB gzip the background budget
 * has no room for): Firefox's `browser` and Chromium's MV3 `chrome.*` both return promises for
 * everything used here; the one callback-only spot, answering runtime messages, uses
 * `sendResponse`, which both support. Types still come from the polyfill's declarations.
 */
const globals = globalThis as { browser?: Browser.Browser; chrome?: Browser.Browser };
const browser = (globals.browser ?? globals.chrome) as Browser.Browser;

interface ChromeLike {
  webRequest?: { OnBeforeSendHeadersOptions?: { EXTRA_HEADERS?: string } };
}

const chromeGlobal = (globalThis as { chrome?: ChromeLike }).chrome;
const runtime = browser.runtime as { getBrowserInfo?: unknown };

/** Set per build by vite.config.ts (each browser gets its own build: the other's code is left out). */
declare const __FIREFOX__: boolean | undefined;

/** The build's target, else `runtime.getBrowserInfo`, which exists only in Firefox. */
export const isFirefox = typeof __FIREFOX__ === 'boolean' ? __FIREFOX__ : typeof runtime.getBrowserInfo === 'function';

/**
 * Chromium shows preflights, Origin/Cookie/Sec-Fetch-* and the headers of CORS-blocked responses
 * only to listeners registered with 'extraHeaders'; Firefox rejects the option (§2.1, §5.2).
 */
export const extraHeaders = chromeGlobal?.webRequest?.OnBeforeSendHeadersOptions?.EXTRA_HEADERS === 'extraHeaders';

export const profile: Profile = isFirefox ? FIREFOX : CHROMIUM;
export const browserName: 'chromium' | 'firefox' = isFirefox ? 'firefox' : 'chromium';

export { browser };
