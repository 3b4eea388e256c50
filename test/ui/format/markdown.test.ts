import { describe, expect, it } from 'vitest';
import { block, code, text } from '../../../src/ui/format/md.js';
import { entryMarkdown, fixDiff, reportMarkdown } from '../../../src/ui/format/markdown.js';
import { exportFilename, reportJson } from '../../../src/ui/format/export.js';
import type { Report } from '../../../src/report/types.js';
import { entry, fixtureEntry } from '../support/entries.js';

describe('Markdown helpers', () => {
  it.each([
    ['plain', '`plain`'],
    ['a`b', '``a`b``'],
    ['`edge`', '`` `edge` ``'],
    ['two\nlines', '`two lines`'],
  ])('code(%j)', (input, out) => {
    expect(code(input)).toBe(out);
  });

  it('fences are longer than any backtick run inside', () => {
    expect(block('x ```` y')).toMatch(/^`{5}\n[\s\S]*\n`{5}$/);
  });

  it('text() leaves no markup', () => {
    const t = text('<img src=x onerror=alert(1)> **b** [l](u) # h');
    expect(t).not.toMatch(/(^|[^\\])</);
    expect(t).not.toMatch(/(^|[^\\])\*/);
    expect(text('# heading')).toBe('\\# heading');
  });
});

describe('entryMarkdown', () => {
  it('is a bug report with the reason, the diff and both curl commands', () => {
    const e = fixtureEntry('preflight-no-acam');
    const md = entryMarkdown(e, 'chromium');
    expect(md).toContain('`method-not-allowed`');
    expect(md).toContain('`MethodDisallowedByPreflightResponse`');
    expect(md).toContain('+ Access-Control-Allow-Methods: PUT');
    expect(md.match(/curl -si/g)).toHaveLength(2);
  });

  it('keeps untrusted values inside code', () => {
    const canary = '<img src=x onerror=alert(1)>';
    const md = entryMarkdown(entry({ url: `https://api.example/${canary}`, requestHeaders: [[canary, canary]] }), 'firefox');
    const outsideCode = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+).*?\1/g, '');
    expect(md).toContain(canary);
    expect(outsideCode).not.toContain('<img');
  });
});

describe('fixDiff', () => {
  it('shows status and header changes', () => {
    const f = fixtureEntry('preflight-404-no-acao').reasons[0];
    expect(f && fixDiff(f.fix).split('\n')).toEqual(['- HTTP 404', '+ HTTP 204', '+ Access-Control-Allow-Origin: http://127.0.0.1:5000', '+ Vary: Origin']);
  });
});

describe('exports', () => {
  const report: Report = { schema: 'cors-lens.report/1', generatedAt: '2024-01-01T00:00:00.000Z', browser: 'chromium', entries: [fixtureEntry('no-acao'), fixtureEntry('acao-star')] };

  it('JSON is the report itself', () => {
    expect(JSON.parse(reportJson(report))).toEqual(report);
  });

  it('Markdown has a row per entry and a section per problem', () => {
    const md = reportMarkdown(report);
    expect(md.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(2);
    expect(md.match(/^## /gm)).toHaveLength(1);
  });

  it('file names carry the tab and a time stamp', () => {
    expect(exportFilename(7, 'md', new Date(2024, 0, 2, 3, 4, 5))).toBe('cors-lens-tab7-20240102-030405.md');
  });
});
