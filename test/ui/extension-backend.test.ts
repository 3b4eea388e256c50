// @vitest-environment happy-dom
/**
 * The panel's Backend over browser.* (extension/panel/backend.ts), host access part, with a fake
 * `browser`: pages with the permissions API (tabs, Chromium panels) and Firefox's DevTools panels,
 * which have none and read the background's mirror in storage.session.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALL_URLS, HOST_ACCESS_KEY, mirrorHostAccess } from '../../extension/background/host-access.js';
import { detectBrowser } from '../../extension/panel/api.js';

type Listener = (...args: never[]) => void;

class FakeEvent {
  readonly listeners = new Set<Listener>();
  addListener(l: Listener): void {
    this.listeners.add(l);
  }
  removeListener(l: Listener): void {
    this.listeners.delete(l);
  }
  fire(...args: unknown[]): void {
    for (const l of this.listeners) (l as (...a: unknown[]) => void)(...args);
  }
}

function fakeSession(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = { ...initial };
  const onChanged = new FakeEvent();
  return {
    data,
    onChanged,
    get: vi.fn(async (key: string) => (key in data ? { [key]: data[key] } : {})),
    set: vi.fn(async (items: Record<string, unknown>) => {
      const changes: Record<string, { newValue: unknown }> = {};
      for (const [k, v] of Object.entries(items)) {
        data[k] = v;
        changes[k] = { newValue: v };
      }
      onChanged.fire(changes);
    }),
  };
}

function fakePermissions(granted: boolean) {
  const state = { granted };
  return {
    state,
    onAdded: new FakeEvent(),
    onRemoved: new FakeEvent(),
    contains: vi.fn(async (p: unknown) => {
      expect(p).toEqual(ALL_URLS);
      return state.granted;
    }),
    request: vi.fn(async () => {
      state.granted = true;
      return true;
    }),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

async function loadBackend(api: object) {
  vi.resetModules();
  (globalThis as { browser?: object }).browser = api;
  const { extensionBackend } = await import('../../extension/panel/backend.js');
  return extensionBackend({ tabId: 3, e2e: false, inDevtools: true });
}

afterEach(() => {
  delete (globalThis as { browser?: object }).browser;
});

describe('host access in a page with the permissions API', () => {
  it('asks permissions.contains, requests <all_urls>, and re-checks on onAdded / onRemoved', async () => {
    const permissions = fakePermissions(false);
    const backend = await loadBackend({ permissions, runtime: {} });
    await expect(backend.hasHostPermission()).resolves.toBe(false);
    expect(backend.requestHostPermission).toBeTypeOf('function');
    const seen: boolean[] = [];
    const stop = backend.onHostPermissionChange?.((g) => seen.push(g));
    await expect(backend.requestHostPermission?.()).resolves.toBe(true);
    expect(permissions.request).toHaveBeenCalledWith(ALL_URLS);
    permissions.onAdded.fire({ origins: ['<all_urls>'] });
    await settle();
    permissions.state.granted = false;
    permissions.onRemoved.fire({ origins: ['<all_urls>'] });
    await settle();
    expect(seen).toEqual([true, false]);
    stop?.();
    expect(permissions.onAdded.listeners.size + permissions.onRemoved.listeners.size).toBe(0);
  });
});

describe('host access in Firefox\'s DevTools panel (no permissions API)', () => {
  it('reads the background\'s mirror, follows its changes, and cannot request', async () => {
    const session = fakeSession({ [HOST_ACCESS_KEY]: false });
    const backend = await loadBackend({ storage: { session }, runtime: {} });
    expect(backend.requestHostPermission).toBeUndefined();
    await expect(backend.hasHostPermission()).resolves.toBe(false);
    const seen: boolean[] = [];
    const stop = backend.onHostPermissionChange?.((g) => seen.push(g));
    await session.set({ unrelated: 1 });
    await session.set({ [HOST_ACCESS_KEY]: true });
    await settle();
    expect(seen).toEqual([true]);
    stop?.();
    expect(session.onChanged.listeners.size).toBe(0);
  });

  it('counts a missing mirror as granted (nothing to offer)', async () => {
    const backend = await loadBackend({ storage: { session: fakeSession() }, runtime: {} });
    await expect(backend.hasHostPermission()).resolves.toBe(true);
  });
});

describe('the background\'s mirror', () => {
  it('writes the grant at start-up and after every change', async () => {
    const permissions = fakePermissions(true);
    const session = fakeSession();
    mirrorHostAccess({ permissions, storage: { session } } as never);
    await settle();
    expect(session.data[HOST_ACCESS_KEY]).toBe(true);
    permissions.state.granted = false;
    permissions.onRemoved.fire({ origins: ['<all_urls>'] });
    await settle();
    expect(session.data[HOST_ACCESS_KEY]).toBe(false);
    permissions.state.granted = true;
    permissions.onAdded.fire({ origins: ['<all_urls>'] });
    await settle();
    expect(session.data[HOST_ACCESS_KEY]).toBe(true);
  });
});

describe('detectBrowser', () => {
  it.each([
    [{ getBrowserInfo: () => undefined }, 'moz-extension:', 'firefox'],
    // Firefox's DevTools panels have no runtime.getBrowserInfo: the scheme tells.
    [{}, 'moz-extension:', 'firefox'],
    [{}, 'chrome-extension:', 'chromium'],
    [undefined, undefined, 'chromium'],
  ] as const)('%j on %s → %s', (runtime, protocol, expected) => {
    expect(detectBrowser(runtime, protocol)).toBe(expected);
  });
});
