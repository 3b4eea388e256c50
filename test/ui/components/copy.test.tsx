// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { renderSnippet } from '../../../src/fix/snippets.js';
import { curlFor } from '../../../src/ui/format/curl.js';
import { fetchFor } from '../../../src/ui/format/fetch-code.js';
import { entryMarkdown } from '../../../src/ui/format/markdown.js';
import type { Report } from '../../../src/report/types.js';
import { fixtureEntry } from '../support/entries.js';
import { renderPanel, rows } from '../support/render.js';

afterEach(cleanup);

const E = fixtureEntry('preflight-no-acah');

async function openFirst() {
  fireEvent.click(rows()[0] as HTMLElement);
  await screen.findByTestId('detail');
}

describe('copy actions', () => {
  it.each([
    ['copy-curl', () => curlFor(E)],
    ['copy-fetch', () => fetchFor(E)],
    ['copy-markdown', () => entryMarkdown(E, 'chromium')],
  ])('%s copies exactly the formatted text', async (testid, expected) => {
    const { backend } = await renderPanel([E]);
    await openFirst();
    fireEvent.click(screen.getByTestId(testid));
    await waitFor(() => expect(backend.copied).toEqual([expected()]));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).not.toBe(''));
  });

  it('copies the snippet shown', async () => {
    const { backend } = await renderPanel([E]);
    await openFirst();
    fireEvent.click(await screen.findByTestId('copy-snippet'));
    const policy = E.reasons[0]?.fix.policy;
    await waitFor(() => expect(backend.copied).toEqual([policy ? renderSnippet('express', policy) : '']));
  });
});

describe('exports', () => {
  const report: Report = { schema: 'cors-lens.report/1', generatedAt: '2024-01-01T00:00:00.000Z', browser: 'chromium', entries: [E] };

  it('JSON asks the background for the tab\'s redacted report and saves it', async () => {
    const { backend } = await renderPanel([E], { report: () => report });
    fireEvent.click(screen.getByTestId('export-json'));
    await waitFor(() => expect(backend.saved).toHaveLength(1));
    expect(backend.sent).toContainEqual({ type: 'cors-lens/report', tabId: 7, redact: true });
    const saved = backend.saved[0];
    expect(saved?.mime).toBe('application/json');
    expect(saved?.filename).toMatch(/^cors-lens-tab7-\d{8}-\d{6}\.json$/);
    expect(JSON.parse(saved?.text ?? '')).toEqual(report);
  });

  it('Markdown saves the report as Markdown', async () => {
    const { backend } = await renderPanel([E], { report: () => report });
    fireEvent.click(screen.getByTestId('export-markdown'));
    await waitFor(() => expect(backend.saved).toHaveLength(1));
    expect(backend.saved[0]?.mime).toBe('text/markdown');
    expect(backend.saved[0]?.text).toMatch(/^# CORS Lens report/);
  });

  it('falls back to the panel\'s own log when the background does not answer', async () => {
    const { backend } = await renderPanel([E], { reportFails: true });
    fireEvent.click(screen.getByTestId('export-json'));
    await waitFor(() => expect(backend.saved).toHaveLength(1));
    expect((JSON.parse(backend.saved[0]?.text ?? '') as Report).entries.map((e) => e.id)).toEqual([E.id]);
  });
});
