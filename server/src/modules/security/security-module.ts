/**
 * Wires security operations into the app: the ingestion core (writer, counters, tokens), the push
 * API routes, the live event watcher, and — when asked — the syslog listener. app.ts calls
 * createSecurityModule before mercurius (the resolvers need the ingest) and register after it.
 */
import { SECURITY_RETENTION_DAYS } from '@gcc/domain';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../infra/db/open-database.ts';
import { createEventWatcher, SECURITY_EVENTS_TOPIC } from './event-watcher.ts';
import { registerSecurityPushRoutes } from './push-routes.ts';
import { createSecurityIngest, type SecurityIngest } from './security-ingest.ts';
import { securityResolvers, securityTypeDefs } from './security.graphql.ts';
import { startSyslogListener, type SyslogListener } from './syslog-listener.ts';

export interface SecurityOptions {
  retentionDays?: number;
  /** Listen for RFC 5424 syslog on this port (UDP and TCP); null/undefined = no listener. 0 = any free port (tests). */
  syslog?: { host: string; port: number } | null;
  /** Milliseconds between polls for new events (subscription); 0 turns the watcher off. Default 1000. */
  eventPollIntervalMs?: number;
}

export interface SecurityModule {
  ingest: SecurityIngest;
  typeDefs: string;
  resolvers: ReturnType<typeof securityResolvers>;
  register(app: FastifyInstance): void;
  /** The bound syslog port once the app is ready (null without a listener). */
  syslogPort(): number | null;
}

export function createSecurityModule(db: Database, options: SecurityOptions = {}): SecurityModule {
  const ingest = createSecurityIngest(db, { retentionDays: options.retentionDays ?? SECURITY_RETENTION_DAYS });
  let listener: SyslogListener | null = null;
  return {
    ingest,
    typeDefs: securityTypeDefs,
    resolvers: securityResolvers(ingest),
    syslogPort: () => listener?.port ?? null,
    register(app) {
      registerSecurityPushRoutes(app, ingest);
      const interval = options.eventPollIntervalMs ?? 1000;
      const watcher = interval > 0
        ? createEventWatcher({
            db, intervalMs: interval, log: app.log,
            publish: async (batches) => {
              for (const b of batches) await app.graphql.pubsub.publish({ topic: SECURITY_EVENTS_TOPIC, payload: { securityEventIngested: b } });
            },
          })
        : null;
      app.addHook('onReady', async () => {
        watcher?.start();
        if (options.syslog) listener = await startSyslogListener(ingest, { ...options.syslog, log: app.log });
      });
      app.addHook('onClose', async () => {
        await watcher?.stop();
        await listener?.close();
        // Answer every accepted request before the database closes.
        await ingest.writer.drain();
      });
    },
  };
}
