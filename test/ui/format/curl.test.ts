import { describe, expect, it } from 'vitest';
import { curlFor, PLACEHOLDER } from '../../../src/ui/format/curl.js';
import { entry, fixtureEntry } from '../support/entries.js';
import { curlCommands, curlHeaders } from '../support/shell.js';

describe('curlFor', () => {
  it('reproduces the preflight and the actual request with the browser\'s headers', () => {
    const e = fixtureEntry('preflight-ok');
    const [pf, actual] = curlCommands(curlFor(e));
    expect(pf?.slice(0, 5)).toEqual(['curl', '-si', '-X', 'OPTIONS', e.url]);
    expect(curlHeaders(pf ?? [])).toEqual(e.preflight?.requestHeaders.filter(([n]) => n.toLowerCase() !== 'accept-encoding'));
    expect(actual?.slice(0, 5)).toEqual(['curl', '-si', '-X', 'PUT', e.url]);
    expect(curlHeaders(actual ?? [])).toEqual(e.requestHeaders?.filter(([n]) => n.toLowerCase() !== 'accept-encoding'));
    expect(actual).toContain('--compressed');
  });

  it('rebuilds a never-sent request from the preflight, with placeholders', () => {
    const e = fixtureEntry('preflight-no-acah');
    const [, actual] = curlCommands(curlFor(e));
    expect(curlHeaders(actual ?? [])).toEqual([['Origin', 'http://127.0.0.1:5000'], ['x-test', PLACEHOLDER]]);
  });

  it('invents no Origin for a no-cors load through a proxy whose headers were never seen', () => {
    const e = entry({ requestMode: 'no-cors', type: 'script', verdict: 'failed', requestHeaders: [], response: null });
    const [actual] = curlCommands(curlFor(e));
    expect(curlHeaders(actual ?? [])).toEqual([]);
  });

  it('has only the actual request when no preflight went out', () => {
    expect(curlCommands(curlFor(fixtureEntry('no-acao')))).toHaveLength(1);
  });

  it('quotes hostile values so the shell gets them back byte for byte', () => {
    const nasty = `a'b"c $(rm -rf /) \`x\` \\ ;|&`;
    const e = entry({ url: `https://api.example/x?q='$(id)'`, requestHeaders: [['X-Evil', nasty], ['X-Markup', '<img src=x onerror=alert(1)>']] });
    const [cmd] = curlCommands(curlFor(e));
    expect(cmd?.[4]).toBe(`https://api.example/x?q='$(id)'`);
    expect(curlHeaders(cmd ?? [])).toEqual([['X-Evil', nasty], ['X-Markup', '<img src=x onerror=alert(1)>']]);
  });
});
