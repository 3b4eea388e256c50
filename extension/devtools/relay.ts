/**
 * The devtools page's side of DEVTOOLS_PORT (Chromium): events built from DevTools' network log,
 * batched every 20 ms, sent to the background; the port is re-opened when the service worker
 * restarts (events meanwhile wait, up to a bound), and pinged every 20 s so the worker stays up
 * while DevTools is open.
 */
import type { Runtime } from 'webextension-polyfill';
import type { CaptureEvent } from '../../src/capture/events.js';
import { DEVTOOLS_PORT, type DevtoolsMessage } from '../../src/messages.js';

const BATCH_MS = 20;
const PING_MS = 20_000;
const MAX_WAITING = 5_000;
const SLICE = 1_000;

export function startRelay(connect: (name: string) => Runtime.Port, tabId: number): (ev: CaptureEvent) => void {
  let port: Runtime.Port | null = null;
  let waiting: CaptureEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const post = (msg: DevtoolsMessage): boolean => {
    try {
      port?.postMessage(msg);
      return port !== null;
    } catch {
      return false;
    }
  };
  const open = (): void => {
    port = connect(DEVTOOLS_PORT);
    port.onDisconnect.addListener(() => {
      port = null;
      setTimeout(open, 100);
    });
    post({ type: 'hello', tabId });
    flush();
  };
  const flush = (): void => {
    timer = null;
    // In slices the background accepts whole (devtools-relay.ts takes at most 2,000 per message).
    while (waiting.length > 0 && port !== null) {
      const slice = waiting.slice(0, SLICE);
      if (!post({ type: 'events', events: slice })) return;
      waiting = waiting.slice(slice.length);
    }
  };
  open();
  setInterval(() => post({ type: 'ping' }), PING_MS);

  return (ev) => {
    if (waiting.length >= MAX_WAITING) waiting.shift();
    waiting.push(ev);
    timer ??= setTimeout(flush, BATCH_MS);
  };
}
