/**
 * The catalogue of known public CORS proxy services (catalogue.json), typed and indexed by host.
 * The data started as the shared research catalogue (`public-cors-proxies.json`, section 1 of
 * `public-cors-proxies.md`) and was extended with sibling host names and further sourced services;
 * every entry keeps a working `example` and a `source`. `hosts.ts` reads the same file for light
 * capture mode's URL patterns.
 */
import raw from './catalogue.json';

export interface CatalogueEntry {
  /** Exact lower-case host name (port ignored when matching). */
  host: string;
  /** Human name shown in the panel; every entry of one host has the same one. */
  service: string;
  /** Known shutdowns, outages, rate limits, keys or paid plans, changed terms (per `status`). */
  unreliable: boolean;
  /** Fixed part of the path before the target (`path`) or the endpoint's path (`query`). */
  pathPrefix: string;
  /** `path`: target appended to the path; `query`: in the query (named `param`, or the raw query). */
  shape: 'path' | 'query';
  param?: string;
  /** Scheme for a schemeless path target (`host/path`); cors-anywhere's rule (http, https for :443) otherwise. */
  defaultScheme?: 'http' | 'https';
  example: string;
  status: string;
  source: string;
}

interface RawEntry {
  host: string;
  service?: string;
  unreliable?: boolean;
  pathPrefix?: string;
  /** Absent in the extension build when it is `query` (the default). */
  shape?: string;
  param?: string;
  defaultScheme?: string;
  /** Absent in the extension's build, which ships only what detection reads (vite.config.ts). */
  example?: string;
  status?: string;
  source?: string;
}

function typed(e: RawEntry): CatalogueEntry {
  const entry: CatalogueEntry = {
    host: e.host.toLowerCase(),
    service: e.service ?? e.host,
    unreliable: e.unreliable === true,
    pathPrefix: e.pathPrefix ?? '/',
    shape: e.shape === 'path' ? 'path' : 'query',
    example: e.example ?? '',
    status: e.status ?? '',
    source: e.source ?? '',
  };
  if (e.param !== undefined) entry.param = e.param;
  if (e.defaultScheme === 'http' || e.defaultScheme === 'https') entry.defaultScheme = e.defaultScheme;
  return entry;
}

export const CATALOGUE: readonly CatalogueEntry[] = (raw as readonly RawEntry[]).map(typed);

/**
 * Entries per host, most specific first: longer path prefixes, then named-parameter entries before
 * raw-query ones (corsproxy.io has both on `/`), so the first entry that yields a target wins.
 */
const BY_HOST = new Map<string, CatalogueEntry[]>();
for (const e of CATALOGUE) {
  const list = BY_HOST.get(e.host);
  if (list) list.push(e);
  else BY_HOST.set(e.host, [e]);
}
for (const list of BY_HOST.values()) {
  list.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length || Number(b.param !== undefined) - Number(a.param !== undefined));
}

/** The host's entries (exact lower-case host name, no port, no trailing dot), or undefined. */
export function entriesForHost(host: string): readonly CatalogueEntry[] | undefined {
  return BY_HOST.get(host);
}
