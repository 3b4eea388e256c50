import { describe, expect, it } from 'vitest';
import { get, getAll, splitList, count } from '../../src/http/headers.js';

describe('header lists', () => {
  const list = [['Access-Control-Allow-Origin', ' https://a.example '], ['access-control-allow-origin', '*'], ['X', '1']] as const;
  it.each([
    ['access-control-allow-origin', 'https://a.example, *'],
    ['ACCESS-CONTROL-ALLOW-ORIGIN', 'https://a.example, *'],
    ['x', '1'],
    ['missing', null],
  ])('get(%s)', (name, want) => expect(get(list, name)).toBe(want));
  it('keeps duplicates', () => {
    expect(getAll(list, 'Access-Control-Allow-Origin')).toEqual(['https://a.example', '*']);
    expect(count(list, 'access-control-allow-origin')).toBe(2);
  });
  it.each([
    ['a, b', ['a', 'b']],
    ['a,,b,', ['a', '', 'b', '']],
    ['"a,b", c', ['"a,b"', 'c']],
    ['', ['']],
  ])('splitList(%j)', (v, want) => expect(splitList(v)).toEqual(want));
});
