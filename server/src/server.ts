/**
 * Starts the server: configuration, database (migrated), reference data, VictoriaMetrics client,
 * then listens. Every start-up failure is one line naming the fix.
 */
import { buildApp } from './app.ts';
import { runCli } from './cli/run-cli.ts';
import { loadConfig } from './config.ts';
import { GccError } from './errors.ts';
import { openDatabase } from './infra/db/open-database.ts';
import { createVmClient } from './infra/vm/vm-client.ts';
import { createLogger } from './logger.ts';
import { writeReferenceData } from './modules/registry/reference-data.ts';
import { cmpQuotaExecutor } from './modules/scheduling/quota-executor.ts';

runCli(async () => {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config.database);
  log.info({ store: db.kind, applied: db.migrations.applied }, 'database ready');
  await writeReferenceData(db.prisma);
  const vm = createVmClient({ url: config.vmUrl });
  try {
    await vm.instant('vector(1)');
  } catch (err) {
    // Database-backed fields still answer; VM-backed ones fail fast with a clear error.
    log.warn({ err, vmUrl: config.vmUrl }, 'VictoriaMetrics is not reachable now; check VM_URL');
  }
  const app = await buildApp({
    config, db, vm,
    security: { retentionDays: config.securityRetentionDays, syslog: config.syslogPort ? { host: config.host, port: config.syslogPort } : null },
    alerting: { intervalSeconds: config.alertIntervalSeconds },
    reports: { schedule: true, mail: config.mail },
    scheduling: { executor: cmpQuotaExecutor(process.env) },
  });
  const shutdown = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (cause) {
    await db.close();
    if ((cause as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new GccError('GCC_ERR_LISTEN_PORT_IN_USE', `port ${config.port} on ${config.host} is in use: stop the other process or set PORT to a free port`);
    }
    throw cause;
  }
});
