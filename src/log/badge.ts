/**
 * What the toolbar badge shows for a tab: blocked requests in red; when nothing is blocked but
 * requests go through a CORS proxy, their number in amber (issue #5); otherwise nothing.
 */
export const BLOCKED_COLOUR = '#d93025';
export const PROXY_COLOUR = '#e37400';

export interface BadgeState {
  text: string;
  colour: string | null;
}

function count(n: number): string {
  return n > 999 ? '999+' : String(n);
}

export function badgeFor(blocked: number, proxied: number): BadgeState {
  if (blocked > 0) return { text: count(blocked), colour: BLOCKED_COLOUR };
  if (proxied > 0) return { text: count(proxied), colour: PROXY_COLOUR };
  return { text: '', colour: null };
}
