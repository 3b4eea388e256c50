/**
 * Receives DevTools' network log of an inspected tab from its devtools page (Chromium): while such
 * a port is open the tab's full capture comes from it, not from webRequest `extraHeaders` listeners
 * (which cost every tab of the browser). In Firefox the devtools page relays nothing: its hello
 * (`relay: false`) only asks for webRequest full capture while DevTools is open. Events are stamped
 * with the tab the port said hello for: a page cannot speak for another tab.
 */
import type { Runtime } from 'webextension-polyfill';
import type { CaptureEvent } from '../../src/capture/events.js';
import { DEVTOOLS_PORT, isDevtoolsMessage } from '../../src/messages.js';

export interface RelayEvents {
  opened(tabId: number, session: string, relays: boolean, page?: number, pageAt?: number): void;
  closed(tabId: number, relays: boolean): void;
  event(ev: CaptureEvent, session: string): void;
  navigated(tabId: number, session: string, page: number, t: number): void;
}

/** Per message; the page batches every 20 ms, so this bounds a storm, not normal traffic. */
const MAX_EVENTS = 2_000;
let anonymous = 0;

export function acceptDevtools(port: Runtime.Port, on: RelayEvents): void {
  if (port.name !== DEVTOOLS_PORT) return;
  let tabId: number | null = null;
  let relays = true;
  let session = '';
  port.onMessage.addListener((msg: unknown) => {
    if (!isDevtoolsMessage(msg)) return;
    switch (msg.type) {
      case 'hello':
        if (tabId !== null) on.closed(tabId, relays);
        tabId = msg.tabId;
        relays = msg.relay !== false;
        // Bounded: the session names the relay in the router's dedupe and the tab log's page counts.
        session = (msg.session ?? `dt-anon${++anonymous}`).slice(0, 40);
        on.opened(tabId, session, relays, msg.page, msg.pageAt);
        return;
      case 'navigated':
        if (tabId !== null && relays) on.navigated(tabId, session, msg.page, msg.t);
        return;
      case 'events':
        if (tabId === null || !relays) return;
        for (const ev of msg.events.slice(0, MAX_EVENTS)) {
          if (typeof ev !== 'object' || ev === null || typeof ev.kind !== 'string' || typeof ev.requestId !== 'string' || typeof ev.url !== 'string') continue;
          // One malformed event (e.g. headers missing) must not cost the rest of the batch.
          try {
            const page = (ev as { page?: unknown }).page;
            on.event(Number.isInteger(page) && (page as number) >= 0 ? { ...ev, tabId } : { ...ev, tabId, page: undefined }, session);
          } catch {
            // dropped
          }
        }
        return;
      case 'ping':
        return;
    }
  });
  port.onDisconnect.addListener(() => {
    if (tabId !== null) on.closed(tabId, relays);
  });
}
