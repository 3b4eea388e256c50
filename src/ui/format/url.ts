/** URL display: the host dimmed, the path (and query) emphasised. Text only. */
export interface UrlParts {
  /** `https://api.example` (with the port when there is one). */
  origin: string;
  /** `/items?id=1` */
  path: string;
}

export function splitUrl(url: string): UrlParts {
  try {
    const u = new URL(url);
    return { origin: u.origin === 'null' ? `${u.protocol}//` : u.origin, path: `${u.pathname}${u.search}` };
  } catch {
    return { origin: '', path: url };
  }
}

export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** `12:03:04.123`, local time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
