/**
 * A 301/302 POST, or a 303, turns the request into a GET (Fetch #http-redirect-fetch): the timeline
 * shows each hop with the method it went with, and the preflight section says so, whether the next
 * hop needed a preflight (a header that is not safelisted) or not.
 */
import { describe, expect, it } from 'vitest';
import { preflightWhy } from '../../../src/ui/format/preflight.js';
import { timeline } from '../../../src/ui/format/timeline.js';
import { ACAO, API, fetchHeaders, preflightHeaders, T0, World } from '../../support/world.js';

const OTHER = 'http://other.test';

function redirected(status: 301 | 302 | 303, method: string, headers: [string, string][], preflighted: boolean) {
  const w = new World();
  w.record(true);
  const r = w.web(`${API}/form`, method);
  const p1 = w.web(`${API}/form`, 'OPTIONS');
  const p2 = w.web(`${OTHER}/done`, 'OPTIONS');
  const allow = (m: string): [string, string][] => [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', m], ['Access-Control-Allow-Headers', 'x-test']];
  w.at(T0).send('webrequest', r.before());
  if (preflighted) {
    for (const ev of [p1.before(), p1.send(preflightHeaders(method, 'x-test')), p1.received(204, allow(method)), p1.completed(204)]) w.send('webrequest', ev);
  }
  w.send('webrequest', r.send(fetchHeaders(headers)));
  w.send('webrequest', r.received(status, [...ACAO, ['Location', `${OTHER}/done`]]));
  w.send('webrequest', r.redirect(status, `${OTHER}/done`));
  if (preflighted) {
    for (const ev of [p2.before(), p2.send(preflightHeaders('GET', 'x-test', 'null')), p2.received(204, allow('GET')), p2.completed(204)]) w.send('webrequest', ev);
  }
  w.send('webrequest', r.send(fetchHeaders(headers, 'null')));
  w.send('webrequest', r.received(200, [['Access-Control-Allow-Origin', '*']]));
  w.send('webrequest', r.completed(200));
  const [e] = w.entries();
  if (!e) throw new Error('no entry');
  return e;
}

describe('a redirect that changes the method', () => {
  it('POST + X-Test, 302 → another origin: both hops\' methods, both preflights, and why', () => {
    const e = redirected(302, 'POST', [['X-Test', '1']], true);
    expect(e.redirects).toEqual([{ status: 302, location: `${OTHER}/done`, method: 'GET' }]);
    expect(timeline(e).map((s) => `${s.kind}:${s.method}:${s.status}`)).toEqual(['preflight:OPTIONS:204', 'request:POST:302', 'redirect:GET:200']);
    expect(timeline(e)[1]?.note).toContain('turned POST into GET');
    const why = preflightWhy(e);
    expect(why.kind).toBe('sent');
    expect(why.headers.map((h) => h.name)).toEqual(['x-test']);
    expect(why.text).toContain('The 302 redirect turned POST into GET');
  });

  it('POST text/plain, 303 → another origin: no preflight needed, before or after, and it says so', () => {
    const e = redirected(303, 'POST', [['Content-Type', 'text/plain']], false);
    expect(e.redirects[0]?.method).toBe('GET');
    const why = preflightWhy(e);
    expect(why.kind).toBe('none');
    expect(why.text).toMatch(/303 redirect turned POST into GET.*needed none either/);
  });

  it('a 307 keeps the method: nothing about a change', () => {
    const e = redirected(302, 'GET', [], false);
    expect(e.redirects[0]?.method).toBeUndefined();
    expect(preflightWhy(e).text).not.toContain('turned');
  });
});
