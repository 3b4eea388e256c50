/**
 * Receives DevTools' network log of an inspected tab from the devtools page (Chromium, issue #7):
 * while such a port is open the tab's full capture comes from it, not from webRequest
 * `extraHeaders` listeners (which cost every tab of the browser). Events are stamped with the
 * tab the port said hello for: a page cannot speak for another tab.
 */
import type { Runtime } from 'webextension-polyfill';
import type { CaptureEvent } from '../../src/capture/events.js';
import { DEVTOOLS_PORT, isDevtoolsMessage } from '../../src/messages.js';

export interface RelayEvents {
  opened(tabId: number): void;
  closed(tabId: number): void;
  event(ev: CaptureEvent): void;
}

/** Per message; the page batches every 20 ms, so this bounds a storm, not normal traffic. */
const MAX_EVENTS = 2_000;

export function acceptDevtools(port: Runtime.Port, on: RelayEvents): void {
  if (port.name !== DEVTOOLS_PORT) return;
  let tabId: number | null = null;
  port.onMessage.addListener((msg: unknown) => {
    if (!isDevtoolsMessage(msg)) return;
    if (msg.type === 'hello') {
      if (tabId !== null) on.closed(tabId);
      tabId = msg.tabId;
      on.opened(tabId);
    } else if (msg.type === 'events' && tabId !== null) {
      for (const ev of msg.events.slice(0, MAX_EVENTS)) {
        if (typeof ev !== 'object' || ev === null || typeof ev.kind !== 'string' || typeof ev.requestId !== 'string' || typeof ev.url !== 'string') continue;
        // One malformed event (e.g. headers missing) must not cost the rest of the batch.
        try {
          on.event({ ...ev, tabId });
        } catch {
          // dropped
        }
      }
    }
  });
  port.onDisconnect.addListener(() => {
    if (tabId !== null) on.closed(tabId);
  });
}
