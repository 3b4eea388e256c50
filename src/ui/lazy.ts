/**
 * Parts of the detail view that are heavy and not needed for the list (the server snippets)
 * load on first use; once loaded they render synchronously.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Lazy<T> {
  get(): T | null;
  load(): Promise<T>;
}

export function lazy<T>(loader: () => Promise<T>): Lazy<T> {
  let value: T | null = null;
  let pending: Promise<T> | null = null;
  return {
    get: () => value,
    load() {
      pending ??= loader().then((v) => (value = v));
      return pending;
    },
  };
}

export function useLazy<T>(l: Lazy<T>): T | null {
  const [value, setValue] = useState<T | null>(l.get());
  useEffect(() => {
    if (value !== null) return;
    let live = true;
    l.load().then((v) => live && setValue(v), () => undefined);
    return () => {
      live = false;
    };
  }, [l, value]);
  return value;
}

export const snippetsModule = lazy(() => import('../fix/snippets.js'));

