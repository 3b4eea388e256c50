/**
 * Normalised webRequest events: the one shape the capture code accepts. extension/ converts the
 * browser's event objects into these once, at the edge; everything after is browser-free.
 */
/** Header pairs fresh from the edge: owned by the event, so the capture may intern them in place. */
type HeaderPair = [string, string];

export type EventKind =
  | 'before-request'
  | 'before-send-headers'
  | 'send-headers'
  | 'headers-received'
  | 'before-redirect'
  | 'response-started'
  | 'completed'
  | 'error';

/** Fields every webRequest event carries. */
export interface EventBase {
  kind: EventKind;
  requestId: string;
  tabId: number;
  frameId: number;
  url: string;
  method: string;
  /** webRequest resource type. */
  type: string;
  /** Serialized origin of the initiating document, 'null' for opaque ones, null when unknown. */
  initiator: string | null;
  /** Event time, ms since the epoch (the browser's timeStamp). */
  t: number;
  /** The requesting document (Chromium's `documentId`), when the browser gives one. */
  documentId?: string;
  /** DevTools' log only: which of the relay's pages (counted from 0 by its navigations) made the request. */
  page?: number;
}

export interface BeforeRequestEvent extends EventBase { kind: 'before-request' }
export interface RequestHeadersEvent extends EventBase { kind: 'before-send-headers' | 'send-headers'; headers: HeaderPair[] }
export interface HeadersReceivedEvent extends EventBase { kind: 'headers-received'; status: number; headers: HeaderPair[] }
export interface RedirectEvent extends EventBase { kind: 'before-redirect'; status: number; redirectUrl: string; headers: HeaderPair[] | null }
export interface ResponseStartedEvent extends EventBase { kind: 'response-started'; status: number; fromCache: boolean }
export interface CompletedEvent extends EventBase { kind: 'completed'; status: number; headers: HeaderPair[] | null }
export interface ErrorEvent extends EventBase { kind: 'error'; error: string }

export type CaptureEvent =
  | BeforeRequestEvent
  | RequestHeadersEvent
  | HeadersReceivedEvent
  | RedirectEvent
  | ResponseStartedEvent
  | CompletedEvent
  | ErrorEvent;
