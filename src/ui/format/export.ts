/** The toolbar's exports: the tab's report as JSON (the public format) and as Markdown. */
import type { Report } from '../../report/types.js';
import { reportMarkdown } from './markdown.js';

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export function exportFilename(tabId: number, ext: 'json' | 'md', now = new Date()): string {
  return `cors-lens-tab${tabId}-${stamp(now)}.${ext}`;
}

export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export { reportMarkdown };
