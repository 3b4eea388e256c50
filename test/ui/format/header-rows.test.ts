import { describe, expect, it } from 'vitest';
import { changesFor, isCorsHeader, requestRows, responseRows } from '../../../src/ui/format/header-rows.js';
import { fixtureEntry } from '../support/entries.js';

describe('header rows', () => {
  it('adds the missing header the fix requires, with its value', () => {
    const e = fixtureEntry('preflight-no-acam');
    const rows = responseRows(e.preflight?.responseHeaders ?? [], changesFor(e, 'preflight'));
    expect(rows.find((r) => r.name === 'Access-Control-Allow-Methods')).toEqual({ name: 'Access-Control-Allow-Methods', value: null, cors: true, required: 'PUT', remove: false });
    expect(changesFor(e, 'actual')).toEqual([]);
  });

  it('shows observed vs required where a present header is wrong', () => {
    const e = fixtureEntry('redirect-cross-tainted');
    const rows = responseRows(e.response?.headers ?? [], changesFor(e, 'actual'));
    expect(rows.find((r) => r.name.toLowerCase() === 'access-control-allow-origin')).toMatchObject({ value: 'http://127.0.0.1:5000', required: 'null', cors: true });
  });

  it('leaves rows alone when nothing must change', () => {
    const e = fixtureEntry('acao-star');
    const rows = responseRows(e.response?.headers ?? [], changesFor(e, 'actual'));
    expect(rows.every((r) => r.required === null && !r.remove)).toBe(true);
    expect(rows.filter((r) => r.cors).map((r) => r.name)).toEqual(['Access-Control-Allow-Origin']);
  });

  it.each([
    ['Origin', 'request', true],
    ['Access-Control-Request-Headers', 'request', true],
    ['Accept', 'request', false],
    ['Access-Control-Max-Age', 'response', true],
    ['Vary', 'response', true],
    ['Content-Type', 'response', false],
  ] as const)('%s is a CORS %s header: %s', (name, side, cors) => {
    expect(isCorsHeader(name, side)).toBe(cors);
    if (side === 'request') expect(requestRows([[name, 'v']])[0]?.cors).toBe(cors);
  });
});
