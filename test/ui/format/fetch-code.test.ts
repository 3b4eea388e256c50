import { describe, expect, it } from 'vitest';
import { fetchFor } from '../../../src/ui/format/fetch-code.js';
import { entry, fixtureEntry } from '../support/entries.js';

interface Call { url: string; init: { method: string; headers?: [string, string][]; credentials?: string; mode: string } }

/** Runs the generated code with a stand-in fetch and returns what it was called with. */
async function run(code: string): Promise<Call> {
  const calls: Call[] = [];
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...a: string[]) => (f: unknown) => Promise<void>;
  await new AsyncFunction('fetch', code)((url: string, init: Call['init']) => calls.push({ url, init }));
  expect(calls).toHaveLength(1);
  return calls[0] as Call;
}

describe('fetchFor', () => {
  it('makes the page\'s request with only the headers script sets', async () => {
    const e = fixtureEntry('preflight-ok');
    const call = await run(fetchFor(e));
    expect(call.url).toBe(e.url);
    expect(call.init.method).toBe('PUT');
    const names = (call.init.headers ?? []).map(([n]) => n.toLowerCase());
    expect(call.init.headers).toContainEqual(['X-Test', '1']);
    for (const browserOwn of ['origin', 'user-agent', 'sec-fetch-mode', 'referer', 'accept-encoding']) expect(names).not.toContain(browserOwn);
    expect(call.init.mode).toBe('cors');
  });

  it('keeps the credentials mode when it is known', async () => {
    const call = await run(fetchFor(entry({ credentials: { mode: 'include', inferred: true } })));
    expect(call.init.credentials).toBe('include');
  });

  it('is valid code whatever the values hold', async () => {
    const evil = `"); alert(1); ("\n\u2028</script><img src=x onerror=alert(1)>`;
    const e = entry({ url: `https://api.example/${encodeURIComponent(evil)}`, initiator: `https://app.example\nalert(2)`, requestHeaders: [['X-Evil', evil]] });
    const call = await run(fetchFor(e));
    expect(call.init.headers).toEqual([['X-Evil', evil]]);
  });
});
