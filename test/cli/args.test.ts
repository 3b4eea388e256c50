import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.js';

const base = ['check', 'https://api.example/x', '--origin', 'https://app.example'];

describe('cors-lens arguments', () => {
  it('parses a full command line', () => {
    expect(parseArgs([...base, '-X', 'put', '-H', 'X-Test: 1', '-H', 'Content-Type:application/json', '--credentials', '--browser', 'firefox', '--json', '--curl', '--no-probe', '-k', '--timeout', '2.5', '-d', '{}', '--server', 'nginx'])).toEqual({
      command: 'check', url: 'https://api.example/x', origin: 'https://app.example', method: 'put',
      headers: [['X-Test', '1'], ['Content-Type', 'application/json']], credentials: true, browser: 'firefox',
      json: true, curl: true, probe: false, insecure: true, timeoutMs: 2500, data: '{}', server: 'nginx',
    });
  });
  it('accepts --flag=value and a trailing-slash origin', () => {
    const a = parseArgs(['check', 'http://127.0.0.1:8080/', '--origin=http://127.0.0.1:3000/', '--browser=spec']);
    expect(a).toMatchObject({ command: 'check', origin: 'http://127.0.0.1:3000', browser: 'spec' });
  });
  it.each([
    [[], 'help'], [['--help'], 'help'], [['--version'], 'version'], [['check', '-h'], 'help'],
  ])('%j → %s', (argv, command) => expect(parseArgs(argv).command).toBe(command));
  it.each<[string[], RegExp]>([
    [['frobnicate'], /unknown command/],
    [['check', '--origin', 'https://a.example'], /missing <url>/],
    [['check', 'https://x.example'], /missing --origin/],
    [['check', 'ftp://x.example', '--origin', 'https://a.example'], /not an http/],
    [['check', 'not a url', '--origin', 'https://a.example'], /not an http/],
    [[...base.slice(0, 3), 'https://a.example/path'], /bad --origin/],
    [[...base, '-H', 'no colon'], /bad header/],
    [[...base, '-H', 'Bad Name: x'], /bad header name/],
    [[...base, '-X', 'P UT'], /bad method/],
    [[...base, '--browser', 'safari'], /--browser must be/],
    [[...base, '--server', 'iis'], /--server must be/],
    [[...base, '--timeout', '-1'], /--timeout/],
    [[...base, '--bogus'], /unknown option/],
    [[...base, 'extra'], /unexpected argument/],
    [[...base, '-X'], /needs a value/],
  ])('%j is refused', (argv, message) => {
    const a = parseArgs(argv);
    expect(a.command).toBe('error');
    if (a.command === 'error') expect(a.message).toMatch(message);
  });
});
