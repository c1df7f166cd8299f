/**
 * Server configuration: read once from the environment at start-up, validated as a whole (every
 * problem reported together), then frozen and passed in. Nothing else reads process.env.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { GccError } from './errors.ts';

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
  });
}
