/**
 * Host names of known public CORS proxies (src/proxy/catalogue.json; detection is detect.ts).
 * Light capture mode listens to these hosts only, so unrelated traffic dispatches nothing.
 */
import catalogue from './catalogue.json';

export const PROXY_HOSTS: readonly string[] = [...new Set(catalogue.map((e) => e.host.toLowerCase()))].sort();

/** webRequest URL patterns for them (`*://host/*`: http and https, any path). */
export function proxyUrlPatterns(): string[] {
  return PROXY_HOSTS.map((h) => `*://${h}/*`);
}
