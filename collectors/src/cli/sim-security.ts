/**
 * Runs the simulated security operations platforms of the demo: each node with a live platform
 * reports its events through the push API (or syslog, for the PRD platforms that only speak it)
 * with the node token server/src/cli/security-demo-tokens.ts issued into the credentials file.
 *
 *   tsx src/cli/sim-security.ts --credentials .data/run/security-platforms.json --server-url http://127.0.0.1:4000 [--syslog-port 5514] [--seed 2019]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger } from '../log.ts';
import { DEFAULT_SIM_SEED } from '../sim/province.ts';
import { runSimulatedPlatforms, type PlatformCredential } from '../sim/security/index.ts';
import { parseInteger, runCli, UsageError } from './run-cli.ts';

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        credentials: { type: 'string' },
        'server-url': { type: 'string', default: 'http://127.0.0.1:4000' },
        'syslog-host': { type: 'string', default: '127.0.0.1' },
        'syslog-port': { type: 'string', default: '5514' },
        seed: { type: 'string', default: String(DEFAULT_SIM_SEED) },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; usage: sim-security.ts --credentials FILE [--server-url URL] [--syslog-host H] [--syslog-port N] [--seed N]`);
  }
  if (!values.credentials) throw new UsageError('--credentials is required: the file server/src/cli/security-demo-tokens.ts wrote');
  const platforms = (JSON.parse(readFileSync(values.credentials, 'utf8')) as { platforms: PlatformCredential[] }).platforms;
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info', name: 'sim-security' });
  const run = runSimulatedPlatforms({
    seed: parseInteger(values.seed, '--seed', -(2 ** 31), 2 ** 32),
    serverUrl: values['server-url'].replace(/\/+$/, ''),
    syslogHost: values['syslog-host'],
    syslogPort: parseInteger(values['syslog-port'], '--syslog-port', 1, 65535),
    platforms,
    log: logger,
  });
  const stop = () => void run.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
