/**
 * Server configuration: read once from the environment at start-up, validated as a whole (every
 * problem reported together), then frozen and passed in. Nothing else reads process.env.
 */
import { resolve } from 'node:path';
import { STALE_AFTER_SECONDS } from '@gcc/domain';
import { z } from 'zod';
import { GccError } from './errors.ts';

/** Query limits in the spirit of the OWASP GraphQL cheat sheet; the console's deepest query is 6 levels. */
export interface QueryLimits {
  depth: number;
  aliases: number;
  /** Operations in one batched request. */
  batch: number;
  /** Estimated cost (see plugins/query-limits.ts). */
  cost: number;
  timeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<QueryLimits> = Object.freeze({ depth: 8, aliases: 15, batch: 10, cost: 10_000, timeoutMs: 10_000 });

const schema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Real PostgreSQL when set; otherwise embedded PGlite under GCC_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(v), 'must look like postgresql://user:password@host:5432/database')
    .optional(),
  GCC_DATA_DIR: z.string().default('.data'),
  VM_URL: z.url({ message: 'must be an http(s) URL such as http://127.0.0.1:8428' }).default('http://127.0.0.1:8428'),
  /** A VictoriaMetrics cluster reads through vmselect: http://vmselect:8481/select/0/prometheus */
  GCC_WEB_DIST: z.string().optional(),
  GCC_MODE: z.enum(['development', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bearer tokens required: default on in production, off in development (tokens are still honoured). */
  GCC_AUTH: z.enum(['on', 'off']).optional(),
  GCC_LIMIT_DEPTH: z.coerce.number().int().min(1).max(50).default(DEFAULT_LIMITS.depth),
  GCC_LIMIT_ALIASES: z.coerce.number().int().min(0).max(500).default(DEFAULT_LIMITS.aliases),
  GCC_LIMIT_BATCH: z.coerce.number().int().min(1).max(100).default(DEFAULT_LIMITS.batch),
  GCC_LIMIT_COST: z.coerce.number().int().min(10).max(10_000_000).default(DEFAULT_LIMITS.cost),
  GCC_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_LIMITS.timeoutMs),
  /** How long an identical query by viewers of the same scope is answered from memory; 0 turns it off. */
  GCC_RESPONSE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** `subgraph` serves the schema as an Apollo Federation v1 subgraph (_service, _entities) for a gateway. */
  GCC_FEDERATION: z.enum(['off', 'subgraph']).default('off'),
  /** RFC 5424 syslog from security platforms, UDP and TCP on this port (on HOST); 0 = no listener. */
  GCC_SYSLOG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Seconds between evaluations of the warning rules (one replica evaluates, under a lock); 0 = off. */
  GCC_ALERT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Days security events are kept before the pruning job deletes them. */
  GCC_SECURITY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** A node without a sample for this long is stale; the plan's 15 minutes unless a test needs less. */
  GCC_STALE_AFTER_SECONDS: z.coerce.number().int().min(10).max(7 * 86_400).default(STALE_AFTER_SECONDS),
  /** Report mail: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; unset = reports go to console inboxes only. */
  GCC_SMTP_URL: z.string().refine((v) => /^smtps?:\/\/[^/?#]+/.test(v), 'must look like smtp://user:password@host:587 or smtps://host:465').optional(),
  GCC_SMTP_FROM: z.string().refine((v) => /^[^\s@]+@[^\s@]+$|<[^\s@]+@[^\s@]+>$/.test(v), 'must be a mail address, optionally "Name <address>"').default('gcc-reports@localhost'),
  /** The console's address as recipients reach it, for links in report mail (e.g. https://gcc.example.gov.cn). */
  GCC_PUBLIC_URL: z.url({ message: 'must be an http(s) URL' }).optional(),
});

export type DatabaseTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface ServerConfig {
  host: string;
  port: number;
  database: DatabaseTarget;
  vmUrl: string;
  webDist: string | undefined;
  production: boolean;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Whether every GraphQL request needs a valid bearer token. */
  auth: boolean;
  limits: Readonly<QueryLimits>;
  responseCacheMs: number;
  federation: 'off' | 'subgraph';
  /** Syslog listener port; null = none. */
  syslogPort: number | null;
  alertIntervalSeconds: number;
  securityRetentionDays: number;
  /** Seconds without a sample before a node's figures are flagged stale. */
  staleAfterSeconds: number;
  /** Report mail (modules/reports/report-mail.ts). */
  mail: Readonly<{ smtpUrl: string | null; from: string; publicUrl: string | null }>;
}

export function loadConfig(env: Record<string, string | undefined>): Readonly<ServerConfig> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new GccError('GCC_ERR_CONFIG_INVALID', `invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL }
      : { kind: 'pglite' as const, dataDir: resolve(e.GCC_DATA_DIR, 'pglite') },
    vmUrl: e.VM_URL.replace(/\/+$/, ''),
    webDist: e.GCC_WEB_DIST ? resolve(e.GCC_WEB_DIST) : undefined,
    production: e.GCC_MODE === 'production',
    logLevel: e.LOG_LEVEL,
    auth: (e.GCC_AUTH ?? (e.GCC_MODE === 'production' ? 'on' : 'off')) === 'on',
    limits: Object.freeze({
      depth: e.GCC_LIMIT_DEPTH, aliases: e.GCC_LIMIT_ALIASES, batch: e.GCC_LIMIT_BATCH, cost: e.GCC_LIMIT_COST, timeoutMs: e.GCC_REQUEST_TIMEOUT_MS,
    }),
    responseCacheMs: e.GCC_RESPONSE_CACHE_MS,
    federation: e.GCC_FEDERATION,
    syslogPort: e.GCC_SYSLOG_PORT || null,
    alertIntervalSeconds: e.GCC_ALERT_INTERVAL_SECONDS,
    securityRetentionDays: e.GCC_SECURITY_RETENTION_DAYS,
    staleAfterSeconds: e.GCC_STALE_AFTER_SECONDS,
    mail: Object.freeze({ smtpUrl: e.GCC_SMTP_URL ?? null, from: e.GCC_SMTP_FROM, publicUrl: e.GCC_PUBLIC_URL?.replace(/\/+$/, '') ?? null }),
  });
}
