// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFinding } from '../../../src/catalogue/finding.js';
import { entry } from '../support/entries.js';
import { renderPanel, rowIds } from '../support/render.js';

afterEach(cleanup);

const LOG = [
  entry({ id: 'ok', url: 'https://api.example/users', verdict: 'allowed' }),
  entry({ id: 'put', method: 'PUT', url: 'https://api.example/items', verdict: 'blocked', reasons: [makeFinding('method-not-allowed', { parameter: 'PUT' })] }),
  entry({ id: 'down', url: 'http://localhost:9/health', verdict: 'failed' }),
];

describe('filter bar', () => {
  it('filters by URL, method and reason text as you type', async () => {
    await renderPanel(LOG);
    const box = screen.getByTestId('filter');
    fireEvent.input(box, { target: { value: 'localhost' } });
    await waitFor(() => expect(rowIds()).toEqual(['down']));
    fireEvent.input(box, { target: { value: 'put' } });
    await waitFor(() => expect(rowIds()).toEqual(['put']));
    fireEvent.input(box, { target: { value: 'preflight' } });
    await waitFor(() => expect(rowIds()).toEqual(['put']));
    fireEvent.input(box, { target: { value: '' } });
    await waitFor(() => expect(rowIds()).toEqual(['ok', 'put', 'down']));
  });

  it('"blocked only" keeps blocked and failed requests', async () => {
    await renderPanel(LOG);
    fireEvent.click(screen.getByTestId('blocked-only'));
    await waitFor(() => expect(rowIds()).toEqual(['put', 'down']));
  });

  it('"all cross-origin" off hides allowed requests without warnings', async () => {
    await renderPanel(LOG);
    fireEvent.click(screen.getByTestId('all-cross-origin'));
    await waitFor(() => expect(rowIds()).toEqual(['put', 'down']));
  });

  it('says so when nothing matches, and counts shown / total', async () => {
    await renderPanel(LOG);
    fireEvent.input(screen.getByTestId('filter'), { target: { value: 'no-such-thing' } });
    await waitFor(() => expect(screen.getByTestId('empty').dataset.kind).toBe('filtered'));
    expect(screen.getByTestId('count').dataset).toMatchObject({ shown: '0', total: '3' });
  });

  it('clear empties the list and asks the background to clear the tab', async () => {
    const { backend } = await renderPanel(LOG);
    fireEvent.click(screen.getByTestId('clear'));
    await waitFor(() => expect(screen.getByTestId('empty').dataset.kind).toBe('none'));
    expect(backend.sent).toContainEqual({ type: 'cors-lens/clear', tabId: 7 });
  });

  it('preserve log reads and writes the setting', async () => {
    const { backend } = await renderPanel(LOG, { settings: { preserveLog: true } });
    const box = screen.getByTestId('preserve-log') as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(true));
    fireEvent.click(box);
    await waitFor(() => expect(box.checked).toBe(false));
    expect(backend.sent).toContainEqual({ type: 'cors-lens/settings', set: { preserveLog: false } });
  });
});
