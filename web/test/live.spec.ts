import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveUrl, openLiveSocket, OVERVIEW_UPDATED_SUBSCRIPTION, type WebSocketLike } from '../src/api/live.ts';
import { createLiveUpdates } from '../src/composables/useLiveUpdates.ts';

/** A WebSocket double: the test plays the server. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(m: unknown) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  drop(code = 1006) {
    this.onclose?.({ code, reason: '' });
  }
}

const update = (collectedAt: string) => ({ overviewUpdated: { collectedAt, computedAt: collectedAt, nodeCount: 22, staleNodes: [], vcpu: { total: 1, allocated: 1, used: 1 } } });

describe('the live socket (graphql-transport-ws)', () => {
  it('derives ws:// or wss:// from the page', () => {
    expect(liveUrl('/graphql', { protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/graphql');
    expect(liveUrl('/graphql', { protocol: 'https:', host: 'console.gd.gov.cn' })).toBe('wss://console.gd.gov.cn/graphql');
  });

  it('sends the token in connection_init, subscribes after the ack, answers pings and passes updates on', () => {
    let socket!: FakeSocket;
    const events: string[] = [];
    openLiveSocket('ws://x/graphql', OVERVIEW_UPDATED_SUBSCRIPTION, {
      onOpen: () => events.push('open'),
      onNext: (d) => events.push(`next ${d.overviewUpdated.collectedAt}`),
      onClose: (r) => events.push(`close ${r}`),
    }, { token: 'gcc_kiosk', createSocket: (url, protocol) => (socket = new FakeSocket(url, protocol)) });
    expect(socket.protocol).toBe('graphql-transport-ws');
    socket.open();
    expect(socket.sent[0]).toEqual({ type: 'connection_init', payload: { authorization: 'Bearer gcc_kiosk' } });
    socket.receive({ type: 'connection_ack' });
    expect(socket.sent[1]).toMatchObject({ id: '1', type: 'subscribe', payload: { operationName: 'OverviewUpdated' } });
    socket.receive({ type: 'ping' });
    expect(socket.sent[2]).toEqual({ type: 'pong' });
    socket.receive({ id: '1', type: 'next', payload: { data: update('2026-01-01T00:00:05Z') } });
    socket.receive({ id: '1', type: 'error', payload: [{ message: 'GCC_ERR_AUTH_REQUIRED' }] });
    expect(events).toEqual(['open', 'next 2026-01-01T00:00:05Z', 'close subscription refused: [{"message":"GCC_ERR_AUTH_REQUIRED"}]']);
    expect(socket.closed).toBe(true);
  });
});

describe('createLiveUpdates', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens one socket while held, counts cycles, falls back to polling and reconnects with backoff', () => {
    const sockets: FakeSocket[] = [];
    const live = createLiveUpdates({ url: 'ws://x/graphql', retryMs: 1000, maxRetryMs: 4000, createSocket: (u, p) => sockets[sockets.push(new FakeSocket(u, p)) - 1]! });
    expect(live.mode.value).toBe('off');
    const releaseA = live.acquire();
    const releaseB = live.acquire();
    expect(sockets).toHaveLength(1);
    expect(live.mode.value).toBe('connecting');
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'connection_ack' });
    expect(live.mode.value).toBe('live');
    sockets[0]!.receive({ id: '1', type: 'next', payload: { data: update('2026-01-01T00:00:05Z') } });
    expect(live.cycle.value).toBe(1);
    expect(live.last.value?.collectedAt).toBe('2026-01-01T00:00:05Z');

    sockets[0]!.drop();
    expect(live.mode.value).toBe('polling');
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    vi.advanceTimersByTime(1999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    sockets[2]!.receive({ type: 'connection_ack' });
    expect(live.mode.value).toBe('live');

    releaseA();
    expect(sockets[2]!.closed).toBe(false);
    releaseB();
    expect(sockets[2]!.closed).toBe(true);
    expect(live.mode.value).toBe('off');
  });
});

describe('useQuery with live updates', () => {
  it('refetches a polling panel after each announced cycle and lets go of the socket when disposed', async () => {
    const { effectScope } = await import('vue');
    const { useQuery } = await import('../src/composables/useQuery.ts');
    const { defineQuery } = await import('../src/api/client.ts');
    const { TypedDocumentString } = await import('../src/api/generated/graphql.ts');
    const sockets: FakeSocket[] = [];
    const live = createLiveUpdates({ url: 'ws://x/graphql', createSocket: (u, p) => sockets[sockets.push(new FakeSocket(u, p)) - 1]! });
    let requests = 0;
    const client = { request: async () => ({ n: ++requests }) } as never;
    const scope = effectScope();
    scope.run(() => useQuery(defineQuery(new TypedDocumentString<{ n: number }, Record<string, never>>('query N { n }')), { client, live, refetchIntervalMs: 60_000 }));
    await Promise.resolve();
    expect(requests).toBe(1);
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'connection_ack' });
    sockets[0]!.receive({ id: '1', type: 'next', payload: { data: update('2026-01-01T00:00:05Z') } });
    await new Promise((r) => setTimeout(r, 0));
    expect(requests).toBe(2);
    scope.stop();
    expect(sockets[0]!.closed).toBe(true);
  });
});
