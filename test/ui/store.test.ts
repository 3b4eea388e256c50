import { describe, expect, it } from 'vitest';
import { LogStore } from '../../src/ui/store.js';
import { entry } from './support/entries.js';

const ids = (s: LogStore) => s.entries().map((e) => e.id);

describe('LogStore', () => {
  it('takes a snapshot in order, appends new entries and updates known ones in place', () => {
    const s = new LogStore();
    s.apply({ type: 'snapshot', tabId: 1, entries: [entry({ id: 'a' }), entry({ id: 'b' })] });
    s.apply({ type: 'entry', entry: entry({ id: 'c' }) });
    s.apply({ type: 'entry', entry: entry({ id: 'a', verdict: 'blocked' }) });
    expect(ids(s)).toEqual(['a', 'b', 'c']);
    expect(s.get('a')?.verdict).toBe('blocked');
  });

  it('removes dropped ids and empties on cleared', () => {
    const s = new LogStore();
    s.apply({ type: 'snapshot', tabId: 1, entries: [entry({ id: 'a' }), entry({ id: 'b' }), entry({ id: 'c' })] });
    s.apply({ type: 'removed', ids: ['b'] });
    expect(ids(s)).toEqual(['a', 'c']);
    expect(s.get('c')?.id).toBe('c');
    s.apply({ type: 'cleared', tabId: 1 });
    expect(s.size).toBe(0);
  });

  it('keeps entries a later snapshot lacks (background restarted), ordered by time', () => {
    const s = new LogStore();
    s.apply({ type: 'snapshot', tabId: 1, entries: [entry({ id: 'a', startedAt: 1 }), entry({ id: 'b', startedAt: 3 })] });
    s.apply({ type: 'snapshot', tabId: 1, entries: [entry({ id: 'a', startedAt: 1 }), entry({ id: 'n', startedAt: 4 })] });
    expect(ids(s)).toEqual(['a', 'b', 'n']);
  });

  it('the first snapshot replaces what was there', () => {
    const s = new LogStore();
    s.apply({ type: 'entry', entry: entry({ id: 'x' }) });
    s.apply({ type: 'snapshot', tabId: 1, entries: [entry({ id: 'a' })] });
    expect(ids(s)).toEqual(['a']);
  });

  it('bumps its version and tells listeners on every change', () => {
    const s = new LogStore();
    let calls = 0;
    const off = s.subscribe(() => calls++);
    s.apply({ type: 'entry', entry: entry() });
    s.clear();
    off();
    s.apply({ type: 'entry', entry: entry() });
    expect(calls).toBe(2);
    expect(s.version).toBe(3);
  });
});
