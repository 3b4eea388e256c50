/**
 * The devtools page's side of DEVTOOLS_PORT: events built from DevTools' network log, batched every
 * 20 ms, sent to the background in order with the navigations DevTools saw; the port is re-opened
 * when the service worker restarts (entries meanwhile wait, up to a bound, and keep their place),
 * and pinged every 20 s so the worker stays up while DevTools is open. Nothing is sent before
 * `open()`: the page opens the relay once its network listener is known to be live, so the
 * background switches the tab to this source only when no request can fall between the two.
 */
import type { Runtime } from 'webextension-polyfill';
import type { CaptureEvent } from '../../src/capture/events.js';
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

/** Which of the relay's pages the tab is on, and since when (ms): sent with every hello. */
export interface PageNow {
  page: number;
  pageAt: number;
}

export interface Relay {
  /** Queue an event (sent in the next batch once open). */
  send(ev: CaptureEvent): void;
  /** DevTools saw the tab navigate: entries queued after this are of page `page`. */
  navigated(page: number, t: number): void;
  /** Connect, say hello, flush what waited. */
  open(): void;
}

type Item = CaptureEvent | { navigated: number; t: number };

export function startRelay(connect: (name: string) => Runtime.Port, hello: Hello, pageNow: () => PageNow = () => ({ page: 0, pageAt: 0 })): Relay {
  let port: Runtime.Port | null = null;
  let waiting: Item[] = [];
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
    // The page the tab is on as this relay counts it (what was queued before still goes first).
    const { page, pageAt } = pageNow();
    post({ type: 'hello', tabId: hello.tabId, session: hello.session, relay: hello.relay, page, pageAt });
    flush();
  };
  /** Sends what waits, in order: runs of events in slices the background reads whole, navigations between. */
  const flush = (): void => {
    timer = null;
    let i = 0;
    while (i < waiting.length && port !== null) {
      const item = waiting[i] as Item;
      if ('navigated' in item) {
        if (!post({ type: 'navigated', page: item.navigated, t: item.t })) break;
        i++;
        continue;
      }
      let j = i;
      while (j < waiting.length && j - i < SLICE && !('navigated' in (waiting[j] as Item))) j++;
      if (!post({ type: 'events', events: waiting.slice(i, j) as CaptureEvent[] })) break;
      i = j;
    }
    waiting = i === waiting.length ? [] : waiting.slice(i);
  };
  const queue = (item: Item): void => {
    if (dead) return;
    if (waiting.length >= MAX_WAITING) waiting.shift();
    waiting.push(item);
    if (opened) timer ??= setTimeout(flush, BATCH_MS);
  };

  return {
    send: queue,
    navigated: (page, t) => queue({ navigated: page, t }),
    open() {
      if (opened || dead) return;
      opened = true;
      pinger = setInterval(() => post({ type: 'ping' }), PING_MS);
      connectPort();
    },
  };
}
