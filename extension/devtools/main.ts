/**
 * The DevTools page: adds the "CORS" panel (panel.html, relative to the extension root) and tells
 * the background that DevTools is open on the tab, which then gets full capture whether or not the
 * CORS panel is ever shown. In Chromium it relays the inspected tab's network log (cheaper for
 * every other tab than webRequest with `extraHeaders`); Firefox has no such cost, so there it only
 * asks for webRequest full capture.
 */
import { HarJoiner } from '../../src/capture/har.js';
import { browser, isFirefox } from '../platform.js';
import { cannotMatter, fromHarEntry, type HarEntryLike } from './har-edge.js';
import { startRelay } from './relay.js';

void browser.devtools.panels.create('CORS', '', 'panel.html');

const tabId = browser.devtools.inspectedWindow.tabId;
// Names this page: two devtools pages may relay one tab; record ids must not collide with an
// earlier DevTools session's either (the log outlives this page).
const session = `dt${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const connect = (name: string) => browser.runtime.connect({ name });

if (isFirefox) {
  startRelay(connect, { tabId, session, relay: false }).open();
} else {
  let pageOrigin: string | null = null;
  const learnOrigin = (url: unknown): void => {
    if (typeof url !== 'string') return;
    try {
      pageOrigin = new URL(url).origin;
    } catch {
      pageOrigin = null;
    }
  };
  let page = 0;
  let pageAt = Date.now();
  const relay = startRelay(connect, { tabId, session, relay: true }, () => ({ page, pageAt }));
  // Entries become capture events here (one per hop, redirects joined), with ids that name this page.
  const joiner = new HarJoiner((ev) => relay.send(ev), 2_000, `${session}:`);
  // Pages of the tab, numbered from 0 (the one DevTools opened on) at each navigation DevTools sees.
  // An entry's HAR `pageref` names the page load it started in, so a previous page's entry that
  // comes late keeps its number (the background drops it: src/log/tab-log.ts). An entry without
  // one is counted on the current page: better shown than lost.
  const pages = new Map<string, number>();
  const pageOf = (pageref: unknown): number => {
    if (typeof pageref !== 'string') return page;
    let n = pages.get(pageref);
    if (n === undefined) {
      n = page;
      pages.set(pageref, n);
      if (pages.size > 64) pages.delete(pages.keys().next().value as string);
    }
    return n;
  };
  browser.devtools.network.onRequestFinished.addListener((req) => {
    const har = req as unknown as HarEntryLike;
    if (!cannotMatter(har, pageOrigin)) joiner.push(fromHarEntry(har, tabId, pageOrigin, pageOf(har.pageref)));
  });
  browser.devtools.network.onNavigated.addListener((url) => {
    learnOrigin(url);
    pageAt = Date.now();
    relay.navigated(++page, pageAt);
  });
  // Adding the listener sends DevTools a "subscribe" message; DevTools handles its page's messages
  // in order, so the answer to a later command proves the subscription is live. Only then does the
  // background switch the tab to this source (a request finishing in between would be lost: seen
  // under load, the first requests after DevTools opened). Chromium's inspectedWindow.eval takes a
  // callback (it returns no promise).
  const evalWithCallback = browser.devtools.inspectedWindow.eval as unknown as (expression: string, callback: (result: unknown) => void) => void;
  evalWithCallback('location.href', (href) => {
    learnOrigin(href);
    relay.open();
  });
  // Should the answer never come (a page DevTools cannot evaluate in), relay anyway.
  setTimeout(() => relay.open(), 5_000);
}
