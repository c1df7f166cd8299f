/**
 * Live updates for every panel: one `overviewUpdated` subscription for the whole app, open while
 * at least one panel holds it. Each collection cycle the server announces bumps `cycle`, and
 * useQuery refetches its panel. Polling is never switched off: it is the fallback while the socket
 * is down (mode 'polling', reconnecting with backoff) and the safety net that keeps stale badges
 * honest if collection stops altogether and no cycle is ever announced.
 */
import { hasInjectionContext, inject, readonly, ref, shallowRef, type InjectionKey, type Ref, type ShallowRef } from 'vue';
import { openLiveSocket, OVERVIEW_UPDATED_SUBSCRIPTION, type LiveSocket, type OverviewUpdate, type WebSocketFactory } from '../api/live.ts';

/** off: nobody listens; connecting: socket opening; live: subscribed; polling: socket down, retrying. */
export type LiveMode = 'off' | 'connecting' | 'live' | 'polling';

export interface LiveUpdates {
  mode: Readonly<Ref<LiveMode>>;
  /** Counts the collection cycles announced since the page loaded. */
  cycle: Readonly<Ref<number>>;
  /** The last announcement (collectedAt: the cycle's newest good pull). */
  last: Readonly<ShallowRef<OverviewUpdate | undefined>>;
  /** Why the socket last closed, for the status tooltip. */
  lastError: Readonly<Ref<string | undefined>>;
  /** Keeps the subscription open while held; call the returned function to let go. */
  acquire(): () => void;
}

export const LIVE_UPDATES_KEY: InjectionKey<LiveUpdates> = Symbol('gcc-live-updates');

export interface LiveUpdatesOptions {
  url: string;
  /** A kiosk's read-only token, sent in connection_init. */
  token?: string;
  createSocket?: WebSocketFactory;
  /** First reconnect delay; doubles per failure up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export function createLiveUpdates(options: LiveUpdatesOptions): LiveUpdates {
  const createSocket: WebSocketFactory = options.createSocket ?? ((url, protocol) => new WebSocket(url, protocol) as never);
  const firstRetry = options.retryMs ?? 1000;
  const maxRetry = options.maxRetryMs ?? 30_000;
  const mode = ref<LiveMode>('off');
  const cycle = ref(0);
  const last = shallowRef<OverviewUpdate>();
  const lastError = ref<string>();
  let holders = 0;
  let socket: LiveSocket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = firstRetry;

  function connect(): void {
    clearTimeout(retryTimer);
    if (holders === 0) return;
    if (mode.value !== 'polling') mode.value = 'connecting';
    socket = openLiveSocket(options.url, OVERVIEW_UPDATED_SUBSCRIPTION, {
      onOpen: () => {
        mode.value = 'live';
        retryMs = firstRetry;
      },
      onNext: (data) => {
        last.value = data.overviewUpdated;
        cycle.value += 1;
      },
      onClose: (reason) => {
        socket = undefined;
        lastError.value = reason;
        if (holders === 0) return;
        mode.value = 'polling';
        retryTimer = setTimeout(connect, retryMs);
        retryMs = Math.min(maxRetry, retryMs * 2);
      },
    }, { ...(options.token ? { token: options.token } : {}), createSocket });
  }

  function disconnect(): void {
    clearTimeout(retryTimer);
    socket?.close();
    socket = undefined;
    mode.value = 'off';
    retryMs = firstRetry;
  }

  return {
    mode: readonly(mode),
    cycle: readonly(cycle),
    last,
    lastError: readonly(lastError),
    acquire() {
      holders += 1;
      if (holders === 1) connect();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holders -= 1;
        if (holders === 0) disconnect();
      };
    },
  };
}

/** The app's live updates (provided in main.ts), or undefined outside the app (unit tests). */
export function useLiveUpdates(): LiveUpdates | undefined {
  return hasInjectionContext() ? inject(LIVE_UPDATES_KEY, undefined) : undefined;
}
