/** Requests whose end has not come (or never came): what the panel says of them. */
import { describe, expect, it } from 'vitest';
import { GIVE_UP_MS, STALL_MS } from '../../../src/capture/capture.js';
import { timeline } from '../../../src/ui/format/timeline.js';
import { openFor, verdictSentence } from '../../../src/ui/format/verdict.js';
import { ACAO, API, T0, World } from '../../support/world.js';

function first(w: World) {
  const e = w.entries()[0];
  if (!e) throw new Error('no entry');
  return e;
}

function recordedTab(): World {
  const w = new World();
  w.record(true);
  return w;
}

describe('open, stalled and unfinished requests', () => {
  it('a stream: allowed, open, "open for" counts, the timeline says its body is still arriving', () => {
    const w = recordedTab();
    const r = w.web(`${API}/events`);
    for (const ev of [r.before(), r.send(), r.received(200, ACAO), r.started(200)]) w.at(T0).send('webrequest', ev);
    const [e] = w.entries();
    if (!e) throw new Error('no entry');
    expect([e.verdict, e.progress, e.endedAt]).toEqual(['allowed', 'open', null]);
    expect(openFor(e, T0 + 75_000)).toBe('Open for 1 min 15 s: the response started (its headers were judged), its body is still arriving.');
    expect(timeline(e).at(-1)?.note).toBe('response still arriving');
  });

  it('no response: "open" while waiting, "stalled" after a while, "never finished" once given up on', () => {
    const w = recordedTab();
    const r = w.web(`${API}/hang`);
    for (const ev of [r.before(), r.send()]) w.at(T0).send('webrequest', ev);
    expect(openFor(first(w), T0 + 5_000)).toBe('Open for 5 s, waiting for the response.');
    w.tick(T0 + STALL_MS);
    const stalled = first(w);
    expect(stalled.progress).toBe('stalled');
    expect(verdictSentence(stalled)).toMatch(/^No response yet/);
    expect(timeline(stalled).at(-1)?.note).toBe('no response yet');
    w.tick(T0 + GIVE_UP_MS);
    const gone = first(w);
    expect([gone.verdict, gone.progress, gone.endedAt]).toEqual(['pending', 'unfinished', null]);
    expect(verdictSentence(gone)).toMatch(/never seen/);
    expect(openFor(gone, T0 + GIVE_UP_MS)).toBe('Started 5 min ago; its end was never seen.');
  });

  it('an ended request has no "open for" line', () => {
    const w = recordedTab();
    const r = w.web(`${API}/done`);
    for (const ev of [r.before(), r.send(), r.received(200, ACAO), r.completed(200)]) w.at(T0).send('webrequest', ev);
    expect(openFor(first(w), T0 + 1_000)).toBeNull();
  });
});
