// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeFinding } from '../../../src/catalogue/finding.js';
import { RETRY_MS } from '../../../src/ui/live.js';
import { entry } from '../support/entries.js';
import { renderPanel, rowIds, TAB } from '../support/render.js';

afterEach(cleanup);

const light = (id: string) => entry({ id, mode: 'light', verdict: 'blocked', reasons: [makeFinding('not-captured')], response: null, requestHeaders: [] });

describe('capture mode', () => {
  it('shows the tab\'s mode', async () => {
    await renderPanel([entry()], { tabState: { mode: 'light' } });
    await waitFor(() => expect(screen.getByTestId('mode').textContent).toContain('light'));
    expect(screen.getByTestId('mode').dataset.mode).toBe('light');
  });

  it('says when full capture comes from DevTools\' network log', async () => {
    await renderPanel([entry()], { tabState: { mode: 'full', source: 'devtools' } });
    await waitFor(() => expect(screen.getByTestId('mode').dataset.source).toBe('devtools'));
    expect(screen.getByTestId('mode').textContent).toContain('DevTools');
  });

  it('counts light entries and offers a reload', async () => {
    const { backend } = await renderPanel([light('l1'), light('l2'), entry()]);
    const banner = await screen.findByTestId('light-banner');
    expect(banner.dataset.count).toBe('2');
    fireEvent.click(screen.getByTestId('reload'));
    await waitFor(() => expect(backend.reloads).toBe(1));
  });

  it('"Record this tab" and "Always record all tabs" tell the background', async () => {
    const { backend } = await renderPanel([entry()]);
    const tab = screen.getByTestId('record-tab') as HTMLInputElement;
    await waitFor(() => expect(tab.disabled).toBe(false));
    fireEvent.click(tab);
    await waitFor(() => expect(tab.checked).toBe(true));
    expect(backend.sent).toContainEqual({ type: 'cors-lens/record-tab', tabId: TAB, on: true });
    const all = screen.getByTestId('record-all') as HTMLInputElement;
    fireEvent.click(all);
    await waitFor(() => expect(all.checked).toBe(true));
    expect(backend.sent).toContainEqual({ type: 'cors-lens/settings', set: { recordAllTabs: true } });
  });
});

describe('edge states', () => {
  it('asks for host permission when it is missing, and hides the banner once granted', async () => {
    await renderPanel([], { host: false });
    fireEvent.click(await screen.findByTestId('grant-permission'));
    await waitFor(() => expect(screen.queryByTestId('permission')).toBeNull());
  });

  it('has no permission banner when access is granted', async () => {
    await renderPanel([]);
    await act(async () => undefined);
    expect(screen.queryByTestId('permission')).toBeNull();
  });

  it('follows the grant when it changes elsewhere (revoked, then granted from another page), and stops listening when closed', async () => {
    const { backend, unmount } = await renderPanel([]);
    await act(async () => undefined);
    expect(backend.hostListeners()).toBe(1);
    act(() => backend.setHost(false));
    await screen.findByTestId('permission');
    act(() => backend.setHost(true));
    await waitFor(() => expect(screen.queryByTestId('permission')).toBeNull());
    act(() => unmount());
    expect(backend.hostListeners()).toBe(0);
  });

  it('keeps the banner and says so when the grant is refused or the request fails', async () => {
    await renderPanel([], { host: false, grant: false });
    fireEvent.click(await screen.findByTestId('grant-permission'));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('Access to sites was not granted'));
    expect(screen.getByTestId('permission')).toBeTruthy();
    cleanup();
    await renderPanel([], { host: false, grant: new Error('permissions.request may only be called from a user input handler') });
    fireEvent.click(await screen.findByTestId('grant-permission'));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('Could not ask for access: permissions.request may only be called from a user input handler'));
  });

  it('where the page cannot ask (Firefox\'s DevTools panel), offers the panel in a window instead', async () => {
    const { backend } = await renderPanel([], { host: false, canRequest: false, popOut: true });
    const banner = await screen.findByTestId('permission');
    expect(screen.queryByTestId('grant-permission')).toBeNull();
    fireEvent.click(screen.getByTestId('grant-elsewhere'));
    expect(backend.poppedOut).toBe(1);
    expect(banner.textContent).toContain('extension settings');
  });

  it('with neither, points to the browser\'s extension settings', async () => {
    await renderPanel([], { host: false, canRequest: false });
    const banner = await screen.findByTestId('permission');
    expect(banner.querySelector('button')).toBeNull();
    expect(banner.textContent).toContain('extension settings');
  });

  describe('background restart', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('reconnects, subscribes again and keeps the log', async () => {
      const { backend } = await renderPanel([entry({ id: 'a', startedAt: 1 }), entry({ id: 'b', startedAt: 2 })]);
      await act(async () => backend.port().drop());
      expect(screen.getByTestId('reconnecting')).toBeTruthy();
      expect(rowIds()).toEqual(['a', 'b']);
      await act(async () => {
        vi.advanceTimersByTime(RETRY_MS);
      });
      expect(backend.ports).toHaveLength(2);
      expect(backend.port().posted).toEqual([{ type: 'subscribe', tabId: TAB }]);
      expect(screen.queryByTestId('reconnecting')).toBeNull();
      // The restarted worker lost 'b' (not saved yet): the panel keeps it.
      await act(async () => backend.port().emit({ type: 'snapshot', tabId: TAB, entries: [entry({ id: 'a', startedAt: 1 }), entry({ id: 'c', startedAt: 3 })] }));
      await vi.waitFor(() => expect(rowIds()).toEqual(['a', 'b', 'c']));
    });
  });

  it('has no pop-out button without the backend offering one', async () => {
    await renderPanel([entry()]);
    expect(screen.queryByTestId('pop-out')).toBeNull();
  });
});
