// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFinding } from '../../../src/catalogue/finding.js';
import { SERVER_PREF } from '../../../src/ui/components/App.js';
import { renderSnippet } from '../../../src/fix/snippets.js';
import { entry, fixtureEntry } from '../support/entries.js';
import { renderPanel, rows } from '../support/render.js';

afterEach(cleanup);

const open = async (i = 0) => {
  const row = rows()[i];
  if (!row) throw new Error(`no row ${i}`);
  fireEvent.click(row);
  return screen.findByTestId('detail');
};

describe('detail view', () => {
  it('opens on click with the verdict, reason title and failed parameter', async () => {
    const e = fixtureEntry('preflight-no-acah');
    await renderPanel([e]);
    const detail = await open();
    expect(detail.dataset).toMatchObject({ id: e.id, verdict: 'blocked' });
    expect(screen.getByTestId('reason-title').textContent).toBe(e.reasons[0]?.title);
    expect(screen.getByTestId('reason-parameter').textContent).toBe('x-test');
    expect(screen.getByTestId('verdict').textContent).toContain('x-test');
    expect(rows()[0]?.getAttribute('aria-selected')).toBe('true');
  });

  it('explains the preflight, lays out the timeline and highlights the required header', async () => {
    await renderPanel([fixtureEntry('preflight-no-acam')]);
    await open();
    expect(screen.getByTestId('preflight-why').dataset.kind).toBe('sent');
    const steps = [...screen.getByTestId('timeline').querySelectorAll('li')].map((li) => `${li.dataset.kind}:${li.dataset.outcome}`);
    expect(steps).toEqual(['preflight:bad', 'request:none']);
    const pf = screen.getByTestId('headers-preflight');
    const acam = pf.querySelector('tr[data-header="access-control-allow-methods"]');
    expect(acam?.classList.contains('cors')).toBe(true);
    expect(acam?.querySelector('[data-testid="required"] .value')?.textContent).toBe('PUT');
  });

  it('shows what really happened for an error status', async () => {
    await renderPanel([fixtureEntry('preflight-404-no-acao')]);
    await open();
    expect(screen.getByTestId('what-happened').textContent).toContain('404');
  });

  it('renders the fix diff and the snippet of the chosen server, and remembers the choice', async () => {
    const e = fixtureEntry('preflight-no-acam');
    const policy = e.reasons[0]?.fix.policy;
    if (!policy) throw new Error('fixture has no policy');
    const { backend } = await renderPanel([e]);
    await open();
    expect(screen.getByTestId('fix-diff').textContent).toContain('+ Access-Control-Allow-Methods: PUT');
    expect(screen.getByTestId('fix').querySelector('[data-response]')?.getAttribute('data-response')).toBe('preflight');
    const snippet = await screen.findByTestId('snippet');
    expect(snippet.textContent).toBe(renderSnippet('express', policy));
    fireEvent.change(screen.getByTestId('server-select'), { target: { value: 'nginx' } });
    await waitFor(() => expect(screen.getByTestId('snippet').textContent).toBe(renderSnippet('nginx', policy)));
    expect(backend.prefs.get(SERVER_PREF)).toBe('nginx');
  });

  it('starts with the remembered server, and ignores an unknown one', async () => {
    const e = fixtureEntry('no-acao');
    await renderPanel([e], { prefs: { [SERVER_PREF]: 'django' } });
    await open();
    await waitFor(() => expect((screen.getByTestId('server-select') as HTMLSelectElement).value).toBe('django'));
    cleanup();
    await renderPanel([e], { prefs: { [SERVER_PREF]: 'no-such-server' } });
    await open();
    await waitFor(() => expect((screen.getByTestId('server-select') as HTMLSelectElement).value).toBe('express'));
  });

  it('lists warnings and the other browser\'s outcome', async () => {
    const e = entry({ warnings: [makeFinding('missing-vary-origin'), makeFinding('long-max-age')] });
    await renderPanel([e, fixtureEntry('no-acao')]);
    await open(0);
    expect([...screen.getByTestId('warnings').querySelectorAll('li')].map((li) => li.dataset.code)).toEqual(['missing-vary-origin', 'long-max-age']);
    await open(1);
    const note = await screen.findByTestId('browser-note');
    expect(note.dataset).toMatchObject({ other: 'firefox', otherVerdict: 'blocked' });
  });

  it('Esc closes, ↑/↓ move, Enter opens, Ctrl+F focuses the filter', async () => {
    await renderPanel([entry({ id: 'a' }), entry({ id: 'b' }), entry({ id: 'c' })]);
    await open(0);
    fireEvent.keyDown(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('detail')).toBeNull());
    fireEvent.keyDown(document.body, { key: 'ArrowDown' });
    fireEvent.keyDown(document.body, { key: 'ArrowDown' });
    await waitFor(() => expect(rows().find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.id).toBe('c'));
    fireEvent.keyDown(document.body, { key: 'ArrowUp' });
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect((await screen.findByTestId('detail')).dataset.id).toBe('b');
    fireEvent.keyDown(document.body, { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getByTestId('detail').dataset.id).toBe('c'));
    fireEvent.keyDown(document.body, { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('filter'));
    fireEvent.keyDown(screen.getByTestId('filter'), { key: 'ArrowDown' });
    expect(screen.getByTestId('detail').dataset.id).toBe('c');
  });

  it('offers a reload for a light entry', async () => {
    const { backend } = await renderPanel([entry({ mode: 'light', verdict: 'blocked', reasons: [makeFinding('not-captured')], response: null, requestHeaders: [] })]);
    await open();
    expect(screen.getByTestId('preflight-why').dataset.kind).toBe('unknown');
    fireEvent.click(screen.getByTestId('light-note').querySelector('button') as HTMLElement);
    await waitFor(() => expect(backend.reloads).toBe(1));
  });
});

describe('a request that has not ended', () => {
  it('the row says "open…", the detail how long it has been open', async () => {
    const e = { ...fixtureEntry('acao-star'), verdict: 'allowed' as const, progress: 'open' as const, endedAt: null, startedAt: Date.now() - 42_000 };
    await renderPanel([e]);
    expect(rows()[0]?.dataset.progress).toBe('open');
    expect(rows()[0]?.textContent).toContain('open…');
    await open();
    const line = screen.getByTestId('open-for');
    expect(line.dataset.progress).toBe('open');
    expect(line.textContent).toMatch(/^Open for 4[2-3] s: the response started/);
  });

  it('an unfinished one says its end was never seen; an ended one has no such line', async () => {
    const gone = { ...fixtureEntry('connection-refused'), id: 'gone', verdict: 'pending' as const, reasons: [], progress: 'unfinished' as const, endedAt: null };
    await renderPanel([gone, fixtureEntry('acao-star')]);
    expect(rows()[0]?.textContent).toContain('never finished');
    await open(0);
    expect(screen.getByTestId('open-for').textContent).toMatch(/never seen/);
    fireEvent.click(rows()[1] as HTMLElement);
    await waitFor(() => expect(screen.queryByTestId('open-for')).toBeNull());
  });
});
