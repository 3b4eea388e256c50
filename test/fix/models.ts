/**
 * Small models of how each target reads a snippet, written from the servers' own parsers
 * (nginx ngx_conf_read_token, httpd ap_getword_conf + mod_headers, Caddy lexer.go + replacer.go),
 * so tests can check what a value becomes after parsing rather than grepping text.
 */
import ts from 'typescript';

export interface Directive {
  args: string[];
  block?: Directive[];
}

/** nginx: tokens, `;`-terminated directives and `{}` blocks, with quoted-string escapes decoded. */
export function parseNginx(text: string): Directive[] {
  const root: Directive[] = [];
  const stack: Directive[][] = [root];
  let args: string[] = [];
  let i = 0;
  const top = (): Directive[] => stack[stack.length - 1] ?? root;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '#') { while (i < text.length && text.charAt(i) !== '\n') i++; continue; }
    if (ch === ';') { top().push({ args }); args = []; i++; continue; }
    if (ch === '{') {
      const d: Directive = { args, block: [] };
      top().push(d);
      stack.push(d.block ?? []);
      args = [];
      i++;
      continue;
    }
    if (ch === '}') {
      if (args.length > 0 || stack.length === 1) throw new Error('unexpected }');
      stack.pop();
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let raw = '';
      for (; j < text.length && text.charAt(j) !== ch; j++) {
        if (text.charAt(j) === '\\') raw += text.charAt(j++);
        raw += text.charAt(j);
      }
      if (j >= text.length) throw new Error('unterminated string');
      const next = text.charAt(j + 1);
      if (next !== '' && !/[\s;{]/.test(next)) throw new Error(`unexpected "${next}" after string`);
      args.push(raw.replace(/\\(["'\\tnr])/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c));
      i = j + 1;
      continue;
    }
    let raw = '';
    let variable = false;
    for (; i < text.length; i++) {
      const c = text.charAt(i);
      if (c === '{' && variable) { raw += c; variable = false; continue; }
      variable = c === '$';
      if (c === '\\') { raw += c + text.charAt(i + 1); i++; continue; }
      if (/[\s;{}]/.test(c)) break;
      raw += c;
    }
    args.push(raw.replace(/\\(["'\\tnr])/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c));
  }
  if (args.length > 0 || stack.length !== 1) throw new Error('unexpected end of file');
  return root;
}

/** httpd ap_getword_conf: one argument; quoted strings unescape only `\\` and the quote. */
function apacheWords(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (/\s/.test(line.charAt(i))) i++;
    if (i >= line.length) break;
    const q = line.charAt(i);
    let raw = '';
    if (q === '"' || q === "'") {
      i++;
      while (i < line.length && line.charAt(i) !== q) {
        if (line.charAt(i) === '\\' && (line.charAt(i + 1) === q || line.charAt(i + 1) === '\\')) i++;
        raw += line.charAt(i++);
      }
      i++;
    } else {
      while (i < line.length && !/\s/.test(line.charAt(i))) {
        if (line.charAt(i) === '\\' && line.charAt(i + 1) === '\\') i++;
        raw += line.charAt(i++);
      }
    }
    out.push(raw);
  }
  return out;
}

/** mod_headers value: a format string (`%%` only; any other `%x` is a specifier) with `\` escapes. */
export function apacheHeaderText(value: string): string {
  if (/^expr=/i.test(value)) throw new Error('expr= value');
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '%') {
      if (value.charAt(i + 1) !== '%') throw new Error(`format specifier %${value.charAt(i + 1)}`);
      out += '%';
      i++;
    } else if (c === '\\') {
      const n = value.charAt(i + 1);
      const map: Record<string, string> = { '\\': '\\', r: '\r', n: '\n', t: '\t' };
      if (map[n] !== undefined) { out += map[n]; i++; } else out += '\\';
    } else out += c;
  }
  return out;
}

/** httpd config: lines (with `\` continuation), `${VAR}` refused, comments dropped, words split. */
export function parseApache(text: string): string[][] {
  const physical = text.split('\n');
  const logical: string[] = [];
  let pending = '';
  for (const l of physical) {
    if (l.endsWith('\\')) { pending += l.slice(0, -1); continue; }
    logical.push(pending + l);
    pending = '';
  }
  const out: string[][] = [];
  for (const raw of logical) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/\$\{[^}]*\}/.test(line)) throw new Error('line would go through ${VAR} substitution');
    if (line.startsWith('<')) {
      const end = line.lastIndexOf('>');
      const words = apacheWords(line.slice(1, end));
      out.push([`<${words[0] ?? ''}`, ...words.slice(1)]);
    } else out.push(apacheWords(line));
  }
  return out;
}

export interface CaddyToken {
  text: string;
  line: number;
  quoted: boolean;
}

/** Caddy lexer.go (no heredocs), after refusing any `{$` that replaceEnvVars would expand. */
export function lexCaddy(text: string): CaddyToken[] {
  if (text.includes('{$')) throw new Error('{$ would be expanded from the environment');
  const tokens: CaddyToken[] = [];
  let val = '';
  let quoted = false;
  let bt = false;
  let escaped = false;
  let comment = false;
  let started = false;
  let line = 1;
  let tokenLine = 1;
  const emit = (q: boolean): void => {
    tokens.push({ text: val, line: tokenLine, quoted: q });
    val = '';
    started = false;
  };
  for (const ch of text) {
    if (!escaped && !bt && ch === '\\') { escaped = true; continue; }
    if (quoted || bt) {
      if (quoted && escaped) {
        if (ch !== '"') val += '\\';
        escaped = false;
      } else if ((quoted && ch === '"') || (bt && ch === '`')) {
        quoted = bt = false;
        emit(true);
        continue;
      }
      if (ch === '\n') line++;
      val += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (ch === '\n') {
        // An escaped newline continues the directive on the next line.
        if (escaped) escaped = false;
        else line++;
        comment = false;
      }
      if (started) emit(false);
      continue;
    }
    if (ch === '#' && !started) comment = true;
    if (comment) continue;
    if (!started) {
      started = true;
      tokenLine = line;
      if (ch === '"') { quoted = true; continue; }
      if (ch === '`') { bt = true; continue; }
    }
    if (escaped) { val += '\\'; escaped = false; }
    val += ch;
  }
  if (quoted || bt) throw new Error('unterminated quote');
  if (started) emit(false);
  if (tokens.some((t) => !t.quoted && t.text.startsWith('<<'))) throw new Error('heredoc');
  return tokens;
}

/** Caddy replacer: `\{` `\}` unescape; any unescaped `{…}` would be a placeholder. */
export function caddyRuntime(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '\\' && (value.charAt(i + 1) === '{' || value.charAt(i + 1) === '}')) {
      out += value.charAt(i + 1);
      i++;
    } else if (c === '{' && value.indexOf('}', i) > i) {
      throw new Error('placeholder');
    } else out += c;
  }
  return out;
}

/** Caddy tokens grouped by source line. */
export function caddyLines(text: string): string[][] {
  const byLine = new Map<number, string[]>();
  for (const t of lexCaddy(text)) byLine.set(t.line, [...(byLine.get(t.line) ?? []), t.text]);
  return [...byLine.values()];
}

export interface CLike {
  /** Decoded string literals, in order. */
  literals: string[];
  /** Source with comments removed and every literal replaced by `"…"`. */
  skeleton: string;
}

/**
 * Java / C# source scanner: `//` and block comments, "…" literals with the escapes both languages
 * share plus octal (Java) and `\u`. Good enough for the snippets, which use no chars or verbatim strings.
 */
export function scanCLike(src: string): CLike {
  const literals: string[] = [];
  let skeleton = '';
  let i = 0;
  while (i < src.length) {
    if (src.startsWith('//', i)) { while (i < src.length && src.charAt(i) !== '\n') i++; continue; }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 2;
      continue;
    }
    const c = src.charAt(i);
    if (c !== '"') { skeleton += c; i++; continue; }
    let v = '';
    i++;
    for (;;) {
      if (i >= src.length) throw new Error('unterminated string');
      const d = src.charAt(i);
      if (d === '"') { i++; break; }
      if (d === '\n' || d === '\r') throw new Error('newline in string');
      if (d !== '\\') { v += d; i++; continue; }
      const e = src.charAt(i + 1);
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };
      if (simple[e] !== undefined) { v += simple[e]; i += 2; continue; }
      const uni = /^u([0-9a-fA-F]{4})/.exec(src.slice(i + 1));
      if (uni?.[1] !== undefined) { v += String.fromCharCode(parseInt(uni[1], 16)); i += 6; continue; }
      const oct = /^[0-3][0-7]{2}|^[0-7]{1,2}/.exec(src.slice(i + 1));
      if (oct !== null) { v += String.fromCharCode(parseInt(oct[0], 8)); i += 1 + oct[0].length; continue; }
      throw new Error(`unknown escape \\${e}`);
    }
    literals.push(v);
    skeleton += '"…"';
  }
  return { literals, skeleton };
}

/** Syntax errors of a JavaScript module, as TypeScript's parser reports them. */
export function jsSyntaxErrors(code: string): string[] {
  const out = ts.transpileModule(code, {
    fileName: 'snippet.mjs',
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, allowJs: true },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

export interface JsScan {
  strings: string[];
  regexes: RegExp[];
  identifiers: Set<string>;
}

/** String values, regex literals and identifiers of a JavaScript module. */
export function scanJs(code: string): JsScan {
  const sf = ts.createSourceFile('snippet.mjs', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const out: JsScan = { strings: [], regexes: [], identifiers: new Set() };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.strings.push(node.text);
    else if (ts.isRegularExpressionLiteral(node)) {
      const m = /^\/(.*)\/([a-z]*)$/s.exec(node.text);
      if (m?.[1] !== undefined) out.regexes.push(new RegExp(m[1], m[2]));
    } else if (ts.isIdentifier(node)) out.identifiers.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
