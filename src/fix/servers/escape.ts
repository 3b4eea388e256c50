/**
 * Literal and config-token writers for every snippet language.
 * Values come off the wire (origin, header names, path): each writer must make it impossible
 * for a value to leave its string or be re-interpreted (variables, placeholders, format specifiers).
 * Non-ASCII is escaped everywhere so no line or paragraph separator reaches the output raw.
 */

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');

const isControl = (c: number): boolean => c < 0x20 || c === 0x7f;

/** JavaScript single-quoted string literal. */
export function jsString(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === "'") out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (isControl(c)) out += '\\x' + hex(c, 2);
    else if (c > 0xffff) out += `\\u{${hex(c, 1)}}`;
    else if (c > 0x7e) out += '\\u' + hex(c, 4);
    else out += ch;
  }
  return `'${out}'`;
}

export const jsList = (values: readonly string[]): string => `[${values.map(jsString).join(', ')}]`;

/** JavaScript regular-expression literal matching exactly `value` (no `u` flag, so UTF-16 units). */
export function jsExactRegex(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    const c = value.charCodeAt(i);
    if ('\\^$.*+?()[]{}|/'.includes(ch)) out += '\\' + ch;
    else if (isControl(c) || c > 0x7e) out += '\\u' + hex(c, 4);
    else out += ch;
  }
  return `/^${out}$/`;
}

/** Python single-quoted str literal. */
export function pyString(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === "'") out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (isControl(c)) out += '\\x' + hex(c, 2);
    else if (c > 0xffff) out += '\\U' + hex(c, 8);
    else if (c > 0x7e) out += '\\u' + hex(c, 4);
    else out += ch;
  }
  return `'${out}'`;
}

export const pyList = (values: readonly string[]): string => `[${values.map(pyString).join(', ')}]`;

/** Python's `re.escape` (3.7+): the pattern matches `value` literally. */
export function pyRegexEscape(value: string): string {
  return value.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, '\\$&');
}

/** A Python literal for a regex pattern: raw string when that is exact, else an escaped str. */
export function pyRegexLiteral(pattern: string): string {
  const rawSafe = /^[\x20-\x7e]*$/.test(pattern) && !pattern.includes("'") && !/\\$/.test(pattern);
  return rawSafe ? `r'${pattern}'` : pyString(pattern);
}

/**
 * Java string literal. Java decodes `\uXXXX` before lexing, so `\u000a` or `\u0022` would break the
 * literal: control characters use octal escapes, and only harmless non-ASCII units use `\u`.
 */
export function javaString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    const c = value.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (isControl(c)) out += '\\' + c.toString(8).padStart(3, '0');
    else if (c > 0x7e) out += '\\u' + hex(c, 4);
    else out += ch;
  }
  return `"${out}"`;
}

/** C# regular string literal (never `\x`, whose variable length could swallow following digits). */
export function csString(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    const c = value.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (isControl(c) || c > 0x7e) out += '\\u' + hex(c, 4);
    else out += ch;
  }
  return `"${out}"`;
}

/** Characters that cannot appear in an HTTP field value (CTLs other than HTAB). */
const FIELD_CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/g;

/**
 * For configs that write the value straight into a response header (nginx, Apache, Caddy):
 * a CR or LF there would split the response, so such characters are dropped.
 */
export function fieldValue(value: string): { text: string; changed: boolean } {
  const text = value.replace(FIELD_CONTROL, '');
  return { text, changed: text !== value };
}

/** nginx quoted string (ngx_conf_read_token): `\"` and `\\` escape, `\n` `\r` `\t` decode. */
export function nginxString(value: string): string {
  const body = value
    .replace(/[\\"]/g, '\\$&')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${body}"`;
}

/** Name of the geo variable holding a literal `$` (nginx has no escape for `$` in values). */
export const NGINX_DOLLAR_VAR = 'cors_lens_dollar';

/** nginx value that goes through variable interpolation (add_header): `$` comes from the geo variable. */
export function nginxValue(value: string): string {
  return nginxString(value).replace(/\$/g, '${' + NGINX_DOLLAR_VAR + '}');
}

/** Apache quoted argument (ap_getword_conf): `\"` and `\\` are the only escapes. */
export function apacheString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * Apache `Header` value, or null when it cannot be written: httpd substitutes `${VAR}` on every
 * config line (no escape), and mod_headers evaluates a value starting `expr=` as an expression.
 * mod_headers also reads the value as a format string where `%` and `\` are special.
 */
export function apacheHeaderValue(value: string): string | null {
  if (value.includes('${') || /^expr=/i.test(value)) return null;
  return apacheString(value.replace(/[\\%]/g, (c) => (c === '%' ? '%%' : '\\\\')));
}

/**
 * Caddyfile token, or null when it cannot be written. Caddy replaces `{$ENV}` anywhere in the file
 * before lexing (no escape), and `{…}` placeholders in header values at runtime (escape: `\{`, `\}`).
 * In a "…" token only `\"` is an escape, so a backslash before a quote or at the end needs `…`.
 */
export function caddyToken(value: string): string | null {
  if (value.includes('{$') || /[\x00-\x08\x0a-\x1f\x7f]/.test(value)) return null;
  const runtime = value.replace(/[{}]/g, '\\$&');
  if (!runtime.includes('\\"') && !runtime.endsWith('\\')) return `"${runtime.replace(/"/g, '\\"')}"`;
  if (!runtime.includes('`')) return `\`${runtime}\``;
  return null;
}
