import { describe, expect, it } from 'vitest';
import { corsCheck, type CorsCheckKind } from '../../src/engine/cors-check.js';
import { CHROMIUM, FIREFOX, SPEC } from '../../src/engine/profile.js';
import type { HeaderPair } from '../../src/http/headers.js';

const O = 'https://app.example';
const acao = (...values: string[]): HeaderPair[] => values.map((v) => ['Access-Control-Allow-Origin', v]);

// [name, headers, include, chromium kind, firefox kind]
const TABLE: [string, HeaderPair[], boolean, CorsCheckKind | null, CorsCheckKind | null][] = [
  ['exact', acao(O), false, null, null],
  ['exact with surrounding spaces', acao(` ${O} `), false, null, null],
  ['*', acao('*'), false, null, null],
  ['* with credentials', acao('*'), true, 'wildcard', 'wildcard'],
  ['absent', [], false, 'missing', 'missing'],
  ['two lines', acao(O, O), false, 'multiple', 'multiple'],
  ['two * lines', acao('*', '*'), false, 'multiple', 'multiple'],
  ['comma list', acao(`${O}, https://b.example`), false, 'multiple', 'multiple'],
  ['space inside', acao(`${O} x`), false, 'multiple', 'multiple'],
  ['null', acao('null'), false, 'mismatch', 'mismatch'],
  ['bare host', acao('app.example'), false, 'invalid', 'invalid'],
  ['other origin', acao('https://b.example'), false, 'mismatch', 'mismatch'],
  ['credentials, no ACAC', acao(O), true, 'credentials', 'credentials'],
  ['credentials, ACAC "true"', [...acao(O), ['Access-Control-Allow-Credentials', 'true']], true, null, null],
  ['credentials, ACAC True', [...acao(O), ['Access-Control-Allow-Credentials', 'True']], true, 'credentials', 'credentials'],
  ['credentials, ACAC twice', [...acao(O), ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Credentials', 'true']], true, 'credentials', 'credentials'],
];

describe('CORS check', () => {
  it.each(TABLE)('%s', (_n, headers, include, chromium, firefox) => {
    expect(corsCheck(headers, O, include, CHROMIUM)?.kind ?? null).toBe(chromium);
    expect(corsCheck(headers, O, include, SPEC)?.kind ?? null).toBe(chromium);
    expect(corsCheck(headers, O, include, FIREFOX)?.kind ?? null).toBe(firefox);
  });
  it('a null origin is matched by ACAO null', () => {
    expect(corsCheck(acao('null'), 'null', false, CHROMIUM)).toBeNull();
    expect(corsCheck(acao('*'), 'null', false, CHROMIUM)).toBeNull();
  });
  it('says which Firefox message this exact response gets', () => {
    expect(corsCheck(acao(O, O), O, false, CHROMIUM)?.firefox).toBe('CORSMultipleAllowOriginNotAllowed');
    expect(corsCheck(acao(`${O},x`), O, false, CHROMIUM)?.firefox).toBe('CORSAllowOriginNotMatchingOrigin');
  });
  it('reports the value as failedParameter, the whole joined value for lists', () => {
    expect(corsCheck(acao(O, 'https://b.example'), O, false, CHROMIUM)?.parameter).toBe(`${O}, https://b.example`);
    expect(corsCheck([], O, false, CHROMIUM)?.parameter).toBe('');
  });
});

describe('Firefox counts Access-Control-Allow-Origin lines by their exact name (measured, Firefox ESR 153.8)', () => {
  const line = (name: string, v: string): HeaderPair => [name, v];
  const UC = 'Access-Control-Allow-Origin';
  const LC = 'access-control-allow-origin';
  const X = 'http://x.example';
  // [name, headers, joined (as Firefox's webRequest gives them), Firefox's reason]
  const CASES: [string, HeaderPair[], boolean, string][] = [
    ['two canonical lines', [line(UC, O), line(UC, O)], false, 'CORSMultipleAllowOriginNotAllowed'],
    ['two lower-case lines (Node, HTTP/2): joined and compared', [line(LC, O), line(LC, O)], false, 'CORSAllowOriginNotMatchingOrigin'],
    ['one of each', [line(UC, O), line(LC, O)], false, 'CORSAllowOriginNotMatchingOrigin'],
    ['one of each, lower-case first', [line(LC, O), line(UC, O)], false, 'CORSAllowOriginNotMatchingOrigin'],
    ['two canonical lines, different origins', [line(UC, O), line(UC, X)], false, 'CORSMultipleAllowOriginNotAllowed'],
    ['two other-cased lines', [line('ACCESS-control-allow-origin', O), line(LC, O)], false, 'CORSAllowOriginNotMatchingOrigin'],
    ['webRequest: joined, canonical name, the same origin twice (taken as two canonical lines)', [line(UC, `${O}, ${O}`)], true, 'CORSMultipleAllowOriginNotAllowed'],
    ['webRequest: joined, lower-case name (the first line\'s)', [line(LC, `${O}, ${O}`)], true, 'CORSAllowOriginNotMatchingOrigin'],
    ['webRequest: joined, canonical name, two origins (one line with a list, as likely)', [line(UC, `${O}, ${X}`)], true, 'CORSAllowOriginNotMatchingOrigin'],
    ['one canonical line with the origin twice (not joined: a real single line)', [line(UC, `${O}, ${O}`)], false, 'CORSAllowOriginNotMatchingOrigin'],
  ];
  it.each(CASES)('%s', (_n, headers, joined, reason) => {
    expect(corsCheck(headers, O, false, FIREFOX, joined)?.firefox).toBe(reason);
    // The reason Chromium's finding names for Firefox is the same; Chromium itself joins them all.
    expect(corsCheck(headers, O, false, CHROMIUM, joined)?.firefox).toBe(reason);
    expect(corsCheck(headers, O, false, CHROMIUM, joined)?.kind).toBe('multiple');
  });
});
