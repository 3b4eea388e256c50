/**
 * The live channel's lifecycle: subscribe with the tab, ping every 20 s (traffic keeps an MV3
 * service worker alive), and when the port drops (the worker was stopped or restarted) reconnect
 * and subscribe again. The log itself is kept by the store meanwhile.
 */
import type { LiveMessage, Ping, Subscribe } from '../messages.js';
import type { LivePort } from './backend.js';

export const PING_MS = 20_000;
export const RETRY_MS = 200;
const MAX_RETRY_MS = 5_000;

export interface LiveOptions {
  connect: () => LivePort;
  tabId: number;
  onMessage: (msg: LiveMessage) => void;
  /** true after (re)subscribing, false when the port dropped. */
  onStatus: (connected: boolean) => void;
}

const LIVE_TYPES = new Set(['snapshot', 'entry', 'removed', 'cleared']);

export function isLiveMessage(v: unknown): v is LiveMessage {
  return typeof v === 'object' && v !== null && LIVE_TYPES.has((v as { type?: unknown }).type as string);
}

/** Starts the channel; returns a function that stops it for good. */
export function startLive(opts: LiveOptions): () => void {
  let stopped = false;
  let port: LivePort | null = null;
  let ping: ReturnType<typeof setInterval> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;

  const open = (): void => {
    retry = null;
    if (stopped) return;
    let p: LivePort;
    try {
      p = opts.connect();
    } catch {
      schedule();
      return;
    }
    port = p;
    p.onMessage((raw) => {
      if (!isLiveMessage(raw)) return;
      failures = 0;
      opts.onMessage(raw);
    });
    p.onDisconnect(() => {
      if (port !== p) return;
      port = null;
      if (ping !== null) clearInterval(ping);
      ping = null;
      if (stopped) return;
      opts.onStatus(false);
      schedule();
    });
    const pingMsg: Ping = { type: 'ping' };
    ping = setInterval(() => p.post(pingMsg), PING_MS);
    const subscribe: Subscribe = { type: 'subscribe', tabId: opts.tabId };
    p.post(subscribe);
    opts.onStatus(true);
  };

  const schedule = (): void => {
    const wait = Math.min(RETRY_MS * 2 ** failures++, MAX_RETRY_MS);
    retry = setTimeout(open, wait);
  };

  open();
  return () => {
    stopped = true;
    if (ping !== null) clearInterval(ping);
    if (retry !== null) clearTimeout(retry);
    const p = port;
    port = null;
    p?.disconnect();
  };
}
