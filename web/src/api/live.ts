/**
 * The live channel: one WebSocket to /graphql speaking graphql-transport-ws (the protocol mercurius
 * serves besides the legacy graphql-ws), carrying the `overviewUpdated` subscription. Protocol only:
 * connection_init (with the kiosk's token in the payload: browsers cannot set headers on a
 * WebSocket) → connection_ack → subscribe → next… ; ping is answered with pong. Reconnecting and
 * falling back to polling is the caller's business (composables/useLiveUpdates.ts).
 */
import { defineQuery, type QueryDocument } from './client.ts';
import { graphql } from './generated/gql.ts';
import type { OverviewUpdatedSubscription } from './generated/graphql.ts';

export const LIVE_PROTOCOL = 'graphql-transport-ws';

export const OVERVIEW_UPDATED_SUBSCRIPTION = defineQuery(
  graphql(`
    subscription OverviewUpdated {
      overviewUpdated { collectedAt computedAt nodeCount staleNodes vcpu { total allocated used } }
    }
  `),
);

export type OverviewUpdate = OverviewUpdatedSubscription['overviewUpdated'];

/** The WebSocket URL of a same-origin HTTP endpoint (`/graphql` on http → ws, https → wss). */
export function liveUrl(endpoint: string, location: { protocol: string; host: string }): string {
  if (/^wss?:\/\//.test(endpoint)) return endpoint;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${endpoint.startsWith('/') ? '' : '/'}${endpoint}`;
}

export interface LiveSocketHandlers<TData> {
  /** The server acknowledged the connection: updates will follow. */
  onOpen(): void;
  onNext(data: TData): void;
  /** The socket closed or the server refused: `reason` says why. Never called after close(). */
  onClose(reason: string): void;
}

export interface LiveSocket {
  close(): void;
}

/** The smallest WebSocket the protocol needs (the browser's, or a test double). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketFactory = (url: string, protocol: string) => WebSocketLike;

interface Message {
  type?: unknown;
  id?: unknown;
  payload?: unknown;
}

/** Opens the socket and subscribes to one document; every failure ends in onClose once. */
export function openLiveSocket<TData>(
  url: string,
  document: QueryDocument<TData, Record<string, never>>,
  handlers: LiveSocketHandlers<TData>,
  options: { token?: string; createSocket: WebSocketFactory },
): LiveSocket {
  const socket = options.createSocket(url, LIVE_PROTOCOL);
  let ended = false;
  const end = (reason: string, notify = true) => {
    if (ended) return;
    ended = true;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(1000, 'client closed');
    } catch {
      // Closing a socket that never opened may throw in some browsers; it is gone either way.
    }
    if (notify) handlers.onClose(reason);
  };
  const send = (m: Record<string, unknown>) => socket.send(JSON.stringify(m));

  socket.onopen = () => send({ type: 'connection_init', payload: options.token ? { authorization: `Bearer ${options.token}` } : {} });
  socket.onerror = () => end('socket error');
  socket.onclose = (ev) => end(`socket closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`);
  socket.onmessage = (ev) => {
    let m: Message;
    try {
      m = JSON.parse(String(ev.data)) as Message;
    } catch {
      return end('the server sent a message that is not JSON');
    }
    switch (m.type) {
      case 'connection_ack':
        send({ id: '1', type: 'subscribe', payload: { query: document.source, operationName: document.operationName, variables: {} } });
        handlers.onOpen();
        return;
      case 'ping':
        return send({ type: 'pong' });
      case 'next': {
        const payload = m.payload as { data?: TData; errors?: { message?: string }[] } | undefined;
        if (payload?.errors?.length) return end(`subscription error: ${payload.errors.map((e) => e.message).join('; ')}`);
        if (payload?.data) handlers.onNext(payload.data);
        return;
      }
      case 'error':
        return end(`subscription refused: ${JSON.stringify(m.payload)}`);
      case 'complete':
        return end('the server completed the subscription');
      case 'connection_error':
        return end(`connection refused: ${JSON.stringify(m.payload)}`);
      default:
        return;
    }
  };
  return { close: () => end('closed by the client', false) };
}
