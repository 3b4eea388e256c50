/**
 * The devtools page's side of DEVTOOLS_PORT: entries of DevTools' network log, batched every
 * 20 ms, sent to the background; the port is re-opened when the service worker restarts (entries
 * meanwhile wait, up to a bound, and keep their place), and pinged every 20 s so the worker stays
 * up while DevTools is open. Nothing is sent before `open()`: the page opens the relay once its
 * network listener is known to be live, so the background switches the tab to this source only
 * when no request can fall between the two.
 */
import type { Runtime } from 'webextension-polyfill';
import type { RelayedEntry } from '../../src/capture/har.js';
import { DEVTOOLS_PORT, type DevtoolsMessage } from '../../src/messages.js';

const BATCH_MS = 20;
const PING_MS = 20_000;
const MAX_WAITING = 5_000;
const SLICE = 500;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 30_000;

export interface Hello {
  tabId: number;
  session: string;
  /** false: this page relays nothing (Firefox), it only asks for full capture while DevTools is open. */
  relay: boolean;
}

export interface Relay {
  /** Queue an entry (sent in the next batch once open). */
  send(entry: RelayedEntry): void;
  /** Connect, say hello, flush what waited. */
  open(): void;
}

export function startRelay(connect: (name: string) => Runtime.Port, hello: Hello, pageOrigin: () => string | null): Relay {
  let port: Runtime.Port | null = null;
  let waiting: RelayedEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let opened = false;
  let dead = false;
  let delay = RETRY_MIN_MS;
  let pinger: ReturnType<typeof setInterval> | null = null;

  const post = (msg: DevtoolsMessage): boolean => {
    try {
      port?.postMessage(msg);
      return port !== null;
    } catch {
      return false;
    }
  };
  const connectPort = (): void => {
    let p: Runtime.Port;
    try {
      p = connect(DEVTOOLS_PORT);
    } catch {
      // The extension was reloaded or removed: this page's runtime is gone for good.
      dead = true;
      if (pinger !== null) clearInterval(pinger);
      waiting = [];
      return;
    }
    const since = Date.now();
    port = p;
    p.onDisconnect.addListener(() => {
      port = null;
      // A port that dies at once (no background listening) is retried ever more slowly, up to 30 s.
      delay = Date.now() - since > RETRY_MAX_MS ? RETRY_MIN_MS : Math.min(delay * 2, RETRY_MAX_MS);
      setTimeout(connectPort, delay);
    });
    post({ type: 'hello', tabId: hello.tabId, session: hello.session, relay: hello.relay });
    flush();
  };
  const flush = (): void => {
    timer = null;
    // In slices the background accepts whole (devtools-relay.ts reads at most 2,000 per message).
    while (waiting.length > 0 && port !== null) {
      const slice = waiting.length <= SLICE ? waiting : waiting.slice(0, SLICE);
      if (!post({ type: 'entries', page: pageOrigin(), entries: slice })) return;
      waiting = slice === waiting ? [] : waiting.slice(slice.length);
    }
  };

  return {
    send(entry) {
      if (dead) return;
      if (waiting.length >= MAX_WAITING) waiting.shift();
      waiting.push(entry);
      if (opened) timer ??= setTimeout(flush, BATCH_MS);
    },
    open() {
      if (opened || dead) return;
      opened = true;
      pinger = setInterval(() => post({ type: 'ping' }), PING_MS);
      connectPort();
    },
  };
}
