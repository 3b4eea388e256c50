/**
 * Receives DevTools' network log of an inspected tab from its devtools page (Chromium): while such
 * a port is open the tab's full capture comes from it, not from webRequest `extraHeaders` listeners
 * (which cost every tab of the browser). In Firefox the devtools page relays nothing: its hello
 * (`relay: false`) only asks for webRequest full capture while DevTools is open. Entries are joined
 * into capture events per port (each page is its own relay session) and stamped with the tab the
 * port said hello for: a page cannot speak for another tab.
 */
import type { Runtime } from 'webextension-polyfill';
import type { CaptureEvent } from '../../src/capture/events.js';
import { fromRelayed, HarJoiner } from '../../src/capture/har.js';
import { DEVTOOLS_PORT, isDevtoolsMessage } from '../../src/messages.js';

export interface RelayEvents {
  opened(tabId: number, session: string, relays: boolean, page?: number, pageAt?: number): void;
  closed(tabId: number, relays: boolean): void;
  event(ev: CaptureEvent, session: string): void;
  navigated(tabId: number, session: string, page: number, t: number): void;
}

/** Per message; the page batches every 20 ms, so this bounds a storm, not normal traffic. */
const MAX_PER_MESSAGE = 2_000;
let anonymous = 0;
let connections = 0;

export function acceptDevtools(port: Runtime.Port, on: RelayEvents): void {
  if (port.name !== DEVTOOLS_PORT) return;
  let tabId: number | null = null;
  let relays = true;
  let session = '';
  let joiner: HarJoiner | null = null;
  port.onMessage.addListener((msg: unknown) => {
    if (!isDevtoolsMessage(msg)) return;
    switch (msg.type) {
      case 'hello': {
        if (tabId !== null) on.closed(tabId, relays);
        tabId = msg.tabId;
        relays = msg.relay !== false;
        // Bounded: the session names request ids and the relay in the router's dedupe.
        session = (msg.session ?? `dt-anon${++anonymous}`).slice(0, 40);
        const tab = tabId;
        const id = session;
        // Record ids name the relay and this connection: a relay reconnecting after a worker
        // restart starts counting again, and the restored log still holds its earlier ids.
        joiner = new HarJoiner((ev) => on.event(ev, id), 2_000, `${id}${(++connections).toString(36)}${Date.now().toString(36)}:`);
        on.opened(tab, id, relays, msg.page, msg.pageAt);
        return;
      }
      case 'navigated':
        if (tabId !== null && relays) on.navigated(tabId, session, msg.page, msg.t);
        return;
      case 'entries': {
        if (tabId === null || !joiner || !relays) return;
        const page = typeof msg.page === 'string' ? msg.page.slice(0, 2_048) : null;
        for (const e of msg.entries.slice(0, MAX_PER_MESSAGE)) {
          const h = fromRelayed(e, tabId, page);
          if (h) joiner.push(h);
        }
        return;
      }
      case 'events': {
        // Devtools pages of an older build sent events already joined.
        if (tabId === null || !relays) return;
        for (const ev of msg.events.slice(0, MAX_PER_MESSAGE)) {
          if (typeof ev !== 'object' || ev === null || typeof ev.kind !== 'string' || typeof ev.requestId !== 'string' || typeof ev.url !== 'string') continue;
          // One malformed event (e.g. headers missing) must not cost the rest of the batch.
          try {
            on.event({ ...ev, tabId }, session);
          } catch {
            // dropped
          }
        }
        return;
      }
      case 'ping':
        return;
    }
  });
  port.onDisconnect.addListener(() => {
    if (tabId !== null) on.closed(tabId, relays);
  });
}
