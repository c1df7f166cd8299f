/**
 * Runs the simulated security platforms against the server: every second each platform's stream
 * produces its events, pushed in one batch per node (push API, node token) or written as syslog
 * lines (TCP or UDP); every minute push platforms send their status (heartbeat and posture). A
 * failed push is retried with the same batch next second (resends are deduplicated by id), up to
 * a bounded backlog, so a server restart loses nothing the platform still holds.
 */
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { createEventStream, type EventStream, type SimEvent } from './event-stream.ts';
import type { SimPlatform } from './plan.ts';
import { formatSyslog5424, octetCounted } from './syslog-format.ts';

export interface PlatformCredential extends SimPlatform {
  token: string;
}

export interface PlatformsOptions {
  seed: number;
  serverUrl: string;
  syslogHost: string;
  syslogPort: number;
  platforms: PlatformCredential[];
  log: Logger;
  tickMs?: number;
  statusEveryMs?: number;
}

const MAX_BACKLOG = 20_000;

export function runSimulatedPlatforms(o: PlatformsOptions): { stop(): Promise<void> } {
  const tickMs = o.tickMs ?? 1000;
  const statusEveryMs = o.statusEveryMs ?? 60_000;
  const startMs = Date.now();
  const udp = createSocket('udp4');
  let tcp: Socket | null = null;
  const streams = new Map<string, EventStream>();
  const backlog = new Map<string, SimEvent[]>();
  let lastStatusMs = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const active = o.platforms.filter((p) => !p.silent);
  for (const p of active) streams.set(p.nodeId, createEventStream(o.seed, p.nodeId, p.baseRate, startMs));

  const tcpSocket = (): Socket => {
    if (tcp && !tcp.destroyed) return tcp;
    tcp = connect(o.syslogPort, o.syslogHost);
    tcp.on('error', (err) => o.log.warn({ err }, 'syslog TCP connection failed; reconnecting next second'));
    return tcp;
  };

  async function pushEvents(p: PlatformCredential, events: SimEvent[]): Promise<void> {
    const pending = [...(backlog.get(p.nodeId) ?? []), ...events].slice(-MAX_BACKLOG);
    if (!pending.length) return;
    backlog.set(p.nodeId, pending);
    for (let i = 0; i < pending.length; i += 1000) {
      const batch = pending.slice(i, i + 1000);
      const res = await fetch(`${o.serverUrl}/api/security/v1/events`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` }, body: JSON.stringify({ events: batch }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
      const body = (await res.json()) as { rejected: { index: number; reason: string }[] };
      if (body.rejected.length) o.log.warn({ node: p.nodeId, rejected: body.rejected.slice(0, 3) }, 'the server rejected simulated events');
    }
    backlog.delete(p.nodeId);
  }

  function writeSyslog(p: PlatformCredential, events: SimEvent[]): void {
    for (const e of events) {
      const line = formatSyslog5424(e, { token: p.token, hostname: `soc-${p.nodeId}` });
      if (p.transport === 'syslog-tcp') tcpSocket().write(octetCounted(line));
      else udp.send(Buffer.from(line, 'utf8'), o.syslogPort, o.syslogHost);
    }
  }

  async function sendStatus(p: PlatformCredential): Promise<void> {
    const res = await fetch(`${o.serverUrl}/api/security/v1/status`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
      body: JSON.stringify({ dengbaoLevel: p.dengbaoLevel, lastAssessmentDate: p.lastAssessmentDate, assessmentScore: p.assessmentScore, policiesTotal: p.policiesTotal, policiesViolated: p.policiesViolated }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  }

  async function tick(): Promise<void> {
    const now = Date.now();
    const statusDue = now - lastStatusMs >= statusEveryMs;
    if (statusDue) lastStatusMs = now;
    await Promise.all(
      active.map(async (p) => {
        const events = streams.get(p.nodeId)!.tick(now);
        try {
          if (p.transport === 'push') {
            await pushEvents(p, events);
            if (statusDue) await sendStatus(p);
          } else {
            // Syslog-only platforms have no status call: a heartbeat line keeps them from looking silent.
            writeSyslog(p, statusDue ? [...events, { id: `${p.nodeId}-hb-${now}`, occurredAt: new Date(now).toISOString(), category: 'audit', severity: 'info', asset: `soc-${p.nodeId}`, description: '安全运营平台心跳', state: 'closed' }] : events);
          }
        } catch (err) {
          o.log.warn({ err, node: p.nodeId }, 'simulated platform could not report; retrying next second');
        }
      }),
    );
  }

  const loop = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick().finally(loop), tickMs);
  };
  o.log.info({ platforms: active.length, silent: o.platforms.filter((p) => p.silent).map((p) => p.nodeId) }, 'simulated security platforms started');
  loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      udp.close();
      (tcp as Socket | null)?.end();
    },
  };
}
