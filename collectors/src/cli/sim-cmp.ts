/**
 * Starts the simulated OpenStack CMPs of the simulated province, one cloud per node under /{nodeId}/.
 *
 *   tsx src/cli/sim-cmp.ts [--seed 2019] [--port 4100] [--host 127.0.0.1] [--nodes id,id] [--credential-ref GCC_SIM_CMP_PASSWORD]
 *
 * The password comes from the environment variable --credential-ref names (the collector reads the
 * same one); `<ref>_USERNAME` overrides the user name (default gcc-collector).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CMP_USERNAME } from '../core/config.ts';
import { createLogger } from '../log.ts';
import { buildSimulatedOpenStack } from '../sim/openstack/app.ts';
import { DEFAULT_SIM_SEED, simulateProvince } from '../sim/province.ts';
import { parseInteger, runCli, UsageError } from './run-cli.ts';

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: 'string', default: String(DEFAULT_SIM_SEED) },
        port: { type: 'string', default: '4100' },
        host: { type: 'string', default: '127.0.0.1' },
        nodes: { type: 'string' },
        'credential-ref': { type: 'string', default: 'GCC_SIM_CMP_PASSWORD' },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; usage: sim-cmp.ts [--seed N] [--port N] [--host H] [--nodes id,id] [--credential-ref ENV]`);
  }
  const seed = parseInteger(values.seed, '--seed', -(2 ** 31), 2 ** 32);
  const port = parseInteger(values.port, '--port', 0, 65535);
  const ref = values['credential-ref'];
  const password = process.env[ref];
  if (!password) throw new UsageError(`the environment variable ${ref} is not set: export the simulated CMPs' password there (the collector reads the same variable)`);
  const province = simulateProvince(seed);
  const nodeIds = values.nodes?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = nodeIds?.filter((id) => !province.nodes.some((n) => n.id === id)) ?? [];
  if (unknown.length) throw new UsageError(`--nodes names unknown nodes ${unknown.join(', ')}: use ids such as provincial, city-shaoguan, prd-foshan`);

  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info', name: 'sim-cmp' });
  const app = buildSimulatedOpenStack({
    province,
    ...(nodeIds ? { nodeIds } : {}),
    credentials: { username: process.env[`${ref}_USERNAME`] || DEFAULT_CMP_USERNAME, password },
  });
  try {
    await app.listen({ port, host: values.host });
  } catch (err) {
    if ((err as { code?: string }).code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${values.host} is in use: stop the other process or pass --port (SIM_CMP_PORT) with a free port`);
    throw err;
  }
  const address = app.server.address();
  const url = `http://${values.host}:${typeof address === 'object' && address ? address.port : port}`;
  logger.info({ url, seed, nodes: nodeIds?.length ?? province.nodes.length }, 'simulated OpenStack CMPs listening');
  console.log(`simulated OpenStack CMPs (SIMULATED province, seed ${seed}) on ${url}/  e.g. ${url}/provincial/identity/v3`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
