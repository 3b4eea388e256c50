/** Markdown building blocks that keep untrusted text inert (no markup, no broken fences). */

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** Inline code span holding any text (newlines become spaces). */
export function code(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ');
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Fenced block holding any text: the fence is longer than any backtick run inside. */
export function block(s: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(s, '`') + 1));
  return `${fence}${lang}\n${s}\n${fence}`;
}

/** Plain text with Markdown and HTML syntax escaped, on one line. */
export function text(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
  // Block syntax only counts at the start of a line.
  return /^(\s*)([#+=-]|\d+[.)])/.test(flat) ? `\\${flat}` : flat;
}
