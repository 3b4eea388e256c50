/**
 * Whether the extension holds `<all_urls>`, mirrored into storage.session for the pages that cannot
 * ask: Firefox gives DevTools panels only runtime, storage, i18n, extension and devtools.* (their
 * context is a content script's), not `permissions` (Firefox builds only; Chromium's have it). The background can, and says so at start-up
 * and on every change. Deliberately free of imports: the panel reads the key from here.
 */
import type Browser from 'webextension-polyfill';

/** storage.session key: `true` / `false`, absent until the background first looked. */
export const HOST_ACCESS_KEY = 'hostAccess';
export const ALL_URLS = { origins: ['<all_urls>'] };

type Api = Pick<Browser.Browser, 'permissions' | 'storage'>;

/** Call synchronously at start-up: the permission events must wake a stopped background. */
export function mirrorHostAccess(api: Api): void {
  const write = (): void => {
    api.permissions
      .contains(ALL_URLS)
      .then((granted) => api.storage.session.set({ [HOST_ACCESS_KEY]: granted }))
      .catch(() => undefined);
  };
  api.permissions.onAdded.addListener(write);
  api.permissions.onRemoved.addListener(write);
  write();
}
