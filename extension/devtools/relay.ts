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
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 30_000;

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
  let dead = false;
  let delay = RETRY_MIN_MS;
  const open = (): void => {
    let opened: Runtime.Port;
    try {
      opened = connect(DEVTOOLS_PORT);
    } catch {
      // The extension was reloaded or removed: this page's runtime is gone for good.
      dead = true;
      clearInterval(pinger);
      waiting = [];
      return;
    }
    const since = Date.now();
    port = opened;
    opened.onDisconnect.addListener(() => {
      port = null;
      // A port that dies at once (no background listening) is retried ever more slowly, up to 30 s.
      delay = Date.now() - since > RETRY_MAX_MS ? RETRY_MIN_MS : Math.min(delay * 2, RETRY_MAX_MS);
      setTimeout(open, delay);
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
  const pinger = setInterval(() => post({ type: 'ping' }), PING_MS);
  open();

  return (ev) => {
    if (dead) return;
    if (waiting.length >= MAX_WAITING) waiting.shift();
    waiting.push(ev);
    timer ??= setTimeout(flush, BATCH_MS);
  };
}
