import { describe, expect, it } from 'vitest';
import { badgeFor, BLOCKED_COLOUR, PROXY_COLOUR } from '../../src/log/badge.js';

describe('badgeFor', () => {
  it.each([
    [0, 0, '', null],
    [3, 0, '3', BLOCKED_COLOUR],
    [2, 5, '2', BLOCKED_COLOUR],
    [0, 4, '4', PROXY_COLOUR],
    [1000, 0, '999+', BLOCKED_COLOUR],
    [0, 1200, '999+', PROXY_COLOUR],
  ])('%i blocked, %i proxied → "%s" %s', (blocked, proxied, text, colour) => {
    expect(badgeFor(blocked, proxied)).toEqual({ text, colour });
  });
});
