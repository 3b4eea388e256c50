/** Splits a POSIX shell command line (single quotes, '\'' escapes, backslash-newline) into words. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated quote');
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '\\' && line[i + 1] === '\n') {
      i++;
    } else if (c === '\\') {
      cur += line[i + 1] ?? '';
      inWord = true;
      i++;
    } else if (c === ' ' || c === '\n' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** The curl commands of a script (comment lines dropped), each as its words. */
export function curlCommands(script: string): string[][] {
  const code = script.split('\n').filter((l) => !l.startsWith('#')).join('\n');
  return code.split(/\n\s*\n/).map((c) => shellWords(c.trim())).filter((w) => w.length > 0);
}

/** `-H 'Name: value'` arguments of one curl command, as [name, value]. */
export function curlHeaders(words: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  words.forEach((w, i) => {
    if (w !== '-H') return;
    const h = words[i + 1] ?? '';
    const at = h.indexOf(': ');
    out.push([h.slice(0, at), h.slice(at + 2)]);
  });
  return out;
}
