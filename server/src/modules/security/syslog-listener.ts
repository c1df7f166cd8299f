/**
 * Syslog (RFC 5424) for security platforms that speak nothing else, on one port over UDP
 * (RFC 5426: one message per datagram) and TCP (RFC 6587: octet counting "LEN SP MSG", or
 * newline-terminated when a frame does not start with a digit). Started by server.ts when
 * GCC_SYSLOG_PORT is set (scripts/start.sh sets 5514); tests start it on port 0.
 *
 * Nothing a sender does can stop ingestion: a bad line is counted and logged (rate-limited) and
 * the next one is read; a TCP frame longer than MAX_FRAME closes that connection (its framing is
 * lost); TCP reading pauses while the writer catches up, UDP datagrams beyond the queue are dropped
 * and counted. Plain syslog has no transport security: use it on the operations network, or put
 * a TLS terminator (RFC 5425) in front.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { GccError } from '../../errors.ts';
import type { SecurityIngest } from './security-ingest.ts';
import { eventFromSyslog } from './syslog-events.ts';
import { parseSyslog5424, type SyslogParseError } from './syslog-parser.ts';
import type { NormalizedEvent } from './event-input.ts';

export const MAX_FRAME = 64 * 1024;

export interface SyslogListener {
  readonly port: number;
  close(): Promise<void>;
}

export async function startSyslogListener(ingest: SecurityIngest, options: { host: string; port: number; log: FastifyBaseLogger }): Promise<SyslogListener> {
  const { counters } = ingest;
  const log = options.log.child({ component: 'syslog' });
  let lastWarnAt = 0;
  const warn = (obj: object, msg: string) => {
    // One warning per second at most: a misconfigured sender must not flood the log.
    if (Date.now() - lastWarnAt < 1000) return;
    lastWarnAt = Date.now();
    log.warn(obj, msg);
  };

  /** Parses and normalizes one message; null when it was refused (and counted). */
  async function toEvent(text: string, peer: string): Promise<NormalizedEvent | null> {
    counters.count('syslog', 'received');
    let parsed;
    try {
      parsed = parseSyslog5424(text);
    } catch (err) {
      counters.reject('syslog', 'malformed');
      warn({ peer, reason: (err as SyslogParseError).message }, 'syslog: line refused');
      return null;
    }
    const r = await eventFromSyslog(parsed, (t) => ingest.tokens.resolve(t), ingest.window());
    if (r.ok) return r.event;
    counters.reject('syslog', r.unauthorized ? 'unauthorized' : r.reason.includes('bytes') ? 'oversized' : r.reason.startsWith('occurredAt') ? 'out-of-window' : 'invalid');
    warn({ peer, reason: r.reason }, 'syslog: event refused');
    return null;
  }

  async function store(events: NormalizedEvent[]): Promise<void> {
    if (!events.length) return;
    try {
      await ingest.store('syslog', events);
    } catch (err) {
      warn({ err }, 'syslog: events could not be stored');
    }
  }

  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', (buf, rinfo) => {
    if (ingest.overloaded()) {
      counters.count('syslog', 'received');
      counters.reject('syslog', 'overloaded');
      return;
    }
    void toEvent(buf.toString('utf8'), `${rinfo.address}:${rinfo.port}`).then((e) => (e ? store([e]) : undefined));
  });
  udp.on('error', (err) => log.error({ err }, 'syslog: UDP socket error'));

  const sockets = new Set<Socket>();
  const tcp: Server = createServer((socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    let buf: Buffer = Buffer.alloc(0);
    socket.on('error', (err) => warn({ err, peer }, 'syslog: TCP connection error'));
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const frames: string[] = [];
      for (;;) {
        if (!buf.length) break;
        const c = buf[0]!;
        if (c >= 0x31 && c <= 0x39) {
          // Octet counting: "LEN SP" then exactly LEN bytes.
          const sp = buf.indexOf(0x20);
          if (sp < 0) {
            if (buf.length > 10) return refuse('octet count without a space');
            break;
          }
          const len = Number(buf.subarray(0, sp).toString('latin1'));
          if (!Number.isInteger(len) || len > MAX_FRAME) return refuse(`frame length ${buf.subarray(0, sp).toString('latin1')} is not a number up to ${MAX_FRAME}`);
          if (buf.length < sp + 1 + len) break;
          frames.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
          buf = buf.subarray(sp + 1 + len);
        } else {
          const nl = buf.indexOf(0x0a);
          if (nl < 0) {
            if (buf.length > MAX_FRAME) return refuse(`a line longer than ${MAX_FRAME} bytes`);
            break;
          }
          const line = buf.subarray(0, nl).toString('utf8');
          buf = buf.subarray(nl + 1);
          if (line.trim()) frames.push(line);
        }
      }
      if (!frames.length) return;
      // Back-pressure: stop reading this sender until its frames are stored.
      socket.pause();
      void Promise.all(frames.map((f) => toEvent(f, peer)))
        .then((events) => store(events.filter((e): e is NormalizedEvent => e !== null)))
        .finally(() => socket.resume());
    });
    function refuse(reason: string): void {
      counters.count('syslog', 'received');
      counters.reject('syslog', 'oversized');
      warn({ peer, reason }, 'syslog: TCP framing lost, connection closed');
      socket.destroy();
    }
  });

  const inUse = (cause: unknown, proto: string) =>
    (cause as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? new GccError('GCC_ERR_LISTEN_PORT_IN_USE', `syslog port ${options.port} (${proto}) on ${options.host} is in use: stop the other process or set GCC_SYSLOG_PORT to a free port`, { cause })
      : cause;
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', (err) => reject(inUse(err, 'TCP')));
    tcp.listen(options.port, options.host, () => resolve());
  });
  const port = (tcp.address() as { port: number }).port;
  await new Promise<void>((resolve, reject) => {
    udp.once('error', (err) => {
      tcp.close();
      reject(inUse(err, 'UDP'));
    });
    udp.bind(port, options.host, () => resolve());
  });
  log.info({ port, host: options.host }, 'syslog (RFC 5424) listening on UDP and TCP');
  return {
    port,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
