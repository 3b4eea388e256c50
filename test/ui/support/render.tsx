import { act, render, screen, waitFor } from '@testing-library/preact';
import { expect } from 'vitest';
import { App } from '../../../src/ui/components/App.js';
import type { ReportEntry } from '../../../src/report/types.js';
import { fakeBackend, type FakeBackend, type FakeBackendOptions } from './backend.js';

export const TAB = 7;

/** Renders the panel for tab 7 and feeds it `entries` as the background's snapshot. */
export async function renderPanel(entries: ReportEntry[], opts: FakeBackendOptions & { browser?: 'chromium' | 'firefox' } = {}): Promise<{ backend: FakeBackend; unmount: () => void }> {
  const backend = fakeBackend(opts);
  const r = render(<App backend={backend} options={{ tabId: TAB, browser: opts.browser ?? 'chromium' }} />);
  await act(async () => {
    backend.port().emit({ type: 'snapshot', tabId: TAB, entries });
  });
  if (entries.length > 0) await waitFor(() => expect(screen.getAllByTestId('row').length).toBeGreaterThan(0));
  else await screen.findByTestId('empty');
  return { backend, unmount: r.unmount };
}

export function rows(): HTMLElement[] {
  return screen.queryAllByTestId('row');
}

export function rowIds(): string[] {
  return rows().map((r) => r.dataset.id ?? '');
}
