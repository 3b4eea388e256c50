// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ROW_HEIGHT } from '../../../src/ui/components/Row.js';
import { visibleRange } from '../../../src/ui/components/RequestList.js';
import { entry, fixtureEntry, many } from '../support/entries.js';
import { renderPanel, rowIds, rows, TAB } from '../support/render.js';

afterEach(cleanup);

describe('request list', () => {
  it('shows one row per entry, oldest first (newest at the bottom), with id and verdict', async () => {
    await renderPanel([entry({ id: 'a', verdict: 'allowed' }), entry({ id: 'b', verdict: 'blocked' }), entry({ id: 'c', verdict: 'failed' })]);
    expect(rows().map((r) => [r.dataset.id, r.dataset.verdict])).toEqual([['a', 'allowed'], ['b', 'blocked'], ['c', 'failed']]);
  });

  it('fills the columns: method, host and path apart, reason title, preflight marker', async () => {
    const e = fixtureEntry('preflight-no-acam');
    await renderPanel([e, fixtureEntry('preflight-cached'), fixtureEntry('acao-star')]);
    const [first, cached, simple] = rows();
    expect(first?.querySelector('.c-method')?.textContent).toBe('PUT');
    expect(first?.querySelector('.c-url .host')?.textContent).toBe('http://127.0.0.1:6000');
    expect(first?.querySelector('.c-url .path')?.textContent).toBe('/s/preflight-no-acam?t=fx-preflight-no-acam');
    expect(first?.querySelector('.c-reason')?.getAttribute('data-code')).toBe('method-not-allowed');
    expect(first?.querySelector('.c-reason')?.textContent).toBe(e.reasons[0]?.title);
    expect([first, cached, simple].map((r) => r?.querySelector('[data-preflight]')?.getAttribute('data-preflight'))).toEqual(['sent', 'cached', 'none']);
    expect(first?.querySelector('[data-proxy]')?.getAttribute('data-proxy')).toBe('no');
  });

  it('adds live entries at the bottom and updates rows in place', async () => {
    const { backend } = await renderPanel([entry({ id: 'a' })]);
    await act(async () => {
      backend.port().emit({ type: 'entry', entry: entry({ id: 'b', verdict: 'pending' }) });
    });
    await waitFor(() => expect(rowIds()).toEqual(['a', 'b']));
    await act(async () => {
      backend.port().emit({ type: 'entry', entry: entry({ id: 'b', verdict: 'blocked' }) });
      backend.port().emit({ type: 'removed', ids: ['a'] });
    });
    await waitFor(() => expect(rows().map((r) => r.dataset.verdict)).toEqual(['blocked']));
  });

  it('renders only a window of 10,000 rows and scrolls to the newest', async () => {
    await renderPanel(many(10_000));
    const n = rows().length;
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(120);
    expect(screen.getByTestId('list').querySelector('.spacer')?.getAttribute('style')).toContain(`${10_000 * ROW_HEIGHT}px`);
    expect(rowIds()).toContain('e10000');
  });

  it('renders the rows under the scroll position', async () => {
    await renderPanel(many(500));
    const list = screen.getByTestId('list');
    list.scrollTop = 100 * ROW_HEIGHT;
    fireEvent.scroll(list);
    await waitFor(() => expect(rowIds()).toContain('e101'));
    expect(rowIds()).not.toContain('e1');
    expect(rowIds()).not.toContain('e500');
  });

  it.each([
    [0, 0, 600, [0, 0]],
    [1000, 0, 600, [0, 50]],
    [1000, 2000, 600, [80, 150]],
    [1000, 19_900, 600, [975, 1000]],
  ])('visibleRange(%i rows, top %i, height %i) = %j', (count, top, height, range) => {
    expect(visibleRange(count, top, height)).toEqual(range);
  });

  it('says what it will show before any request', async () => {
    const { backend } = await renderPanel([]);
    expect(screen.getByTestId('empty').dataset.kind).toBe('none');
    expect(backend.port().posted[0]).toEqual({ type: 'subscribe', tabId: TAB });
  });
});
