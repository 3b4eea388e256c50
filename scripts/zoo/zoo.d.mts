/** Types of zoo.mjs (plain ESM, so that `npm start` needs no TypeScript runtime). */
import type { IncomingHttpHeaders } from 'node:http';

export type ServerName = 'zoo' | 'api' | 'other' | 'proxy' | 'refused';
export type ReplyHeaders = Record<string, string | number | string[]>;

/** What a case handler gets for one request on one server. */
export interface Ctx {
  server: ServerName;
  method: string;
  url: URL;
  /** The per-click tag (`?t=`), or null. */
  tag: string | null;
  origin: string | null;
  headers: IncomingHttpHeaders;
  origins: ZooOrigins;
  send(status: number, headers?: ReplyHeaders, body?: string): void;
  /** Write these exact bytes (status line, headers, body) and close the connection. */
  raw(bytes: string): void;
  destroy(): void;
}

export interface ZooCase {
  id: string;
  label: string;
  group: 'success' | 'failure' | 'proxy';
  /** What the case is built to show (documentation; tests check Chromium's verdict live). */
  intent: string;
  request: {
    method: string;
    headers?: Record<string, string>;
    credentials?: 'include' | 'same-origin' | 'omit';
    body?: string;
    target: 'api' | 'other' | 'refused' | 'proxy';
    /** Path on the target (default `/case/<id>`); for 'proxy', the path on the API the proxy fetches. */
    path?: string;
  };
  options?: (c: Ctx) => void;
  actual?: (c: Ctx) => void;
}

export interface ZooOrigins {
  zoo: string;
  api: string;
  other: string;
  proxy: string;
  refused: string;
  [name: string]: string;
}

export interface LoggedRequest {
  seq: number;
  server: string;
  method: string;
  /** Path and query as received. */
  target: string;
  caseId: string | null;
  tag: string | null;
  headers: IncomingHttpHeaders;
  /** Header pairs in wire order, names as sent. */
  rawHeaders: [string, string][];
  body: string;
  /** Status answered (set when the response ends), or null. */
  status: number | null;
  at: number;
}

export interface Zoo {
  origins: ZooOrigins;
  ports: Record<string, number>;
  /** The zoo page, `http://zoo.test:<p>/`. */
  url: string;
  /** The `--host-resolver-rules` value Chromium needs. */
  hostResolverRules: string;
  cases: ZooCase[];
  /** Everything any zoo server received, in arrival order. */
  log: LoggedRequest[];
  requestsFor(tag: string): LoggedRequest[];
  close(): Promise<void>;
}

export interface ZooOptions {
  /** More cases (buttons and routes), e.g. XSS canaries for tests. */
  extraCases?: ZooCase[];
  onRequest?: (entry: LoggedRequest) => void;
}

export const CASES: ZooCase[];
export const HOST_RESOLVER_RULES: string;
export const HOSTS: Record<ServerName, string>;
export function caseById(id: string): ZooCase;
export function startZoo(options?: ZooOptions): Promise<Zoo>;

/** What the page's `window.zoo.run(id)` resolves to. */
export interface ZooResult {
  id: string;
  tag: string;
  url: string;
  method: string;
  ok: boolean;
  status: number | null;
  error: string | null;
}
