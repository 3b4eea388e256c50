import { useEffect, useState } from 'preact/hooks';
import type { LogStore } from './store.js';

/** Hidden pages get no animation frames (a background tab, a DevTools panel not shown): a timer backs it up. */
const BACKUP_MS = 100;

function nextFrame(cb: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    cb();
  };
  const timer = setTimeout(once, BACKUP_MS);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
}

/**
 * The store's version, re-rendering at most once per animation frame however many live messages
 * arrive: a busy page never makes the panel render per request.
 */
export function useStoreVersion(store: LogStore): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => {
    let queued = false;
    const off = store.subscribe(() => {
      if (queued) return;
      queued = true;
      nextFrame(() => {
        queued = false;
        setVersion(store.version);
      });
    });
    setVersion(store.version);
    return off;
  }, [store]);
  return version;
}

/** The time now, re-rendering every second while `ticking` (an open request's "open for" line). */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
