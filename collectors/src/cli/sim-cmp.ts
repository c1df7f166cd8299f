/**
 * Starts the simulated CMPs of the simulated province on one port, one path per node, each node
 * speaking its planned CMP kind (OpenStack, vSphere, Prometheus or the docking API; see
 * sim/province-cmps.ts for the endpoint of each kind).
 *
 *   tsx src/cli/sim-cmp.ts [--seed 2019] [--reference-date 2026-11-25] [--port 4100] [--host 127.0.0.1] [--nodes id,id] [--credential-ref GCC_SIM_CMP_PASSWORD]
 *
 * The province is simulated as of --reference-date (default: today, UTC); the demo passes the day
 * its data directory was seeded on, so the CMPs serve the province its registry and history hold.
 * The password comes from the environment variable --credential-ref names (the collector reads the
 * same one); `<ref>_USERNAME` overrides the user name (default gcc-collector).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CMP_USERNAME } from '../core/config.ts';
import { createLogger } from '../log.ts';
import { buildSimulatedCmps } from '../sim/province-cmps.ts';
import { DEFAULT_SIM_SEED, simulateProvince } from '../sim/province.ts';
import { parseInteger, parseReferenceDate, runCli, UsageError } from './run-cli.ts';

runCli(async () => {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seed: { type: 'string', default: String(DEFAULT_SIM_SEED) },
        'reference-date': { type: 'string' },
        port: { type: 'string', default: '4100' },
        host: { type: 'string', default: '127.0.0.1' },
        nodes: { type: 'string' },
        'credential-ref': { type: 'string', default: 'GCC_SIM_CMP_PASSWORD' },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; usage: sim-cmp.ts [--seed N] [--reference-date YYYY-MM-DD] [--port N] [--host H] [--nodes id,id] [--credential-ref ENV]`);
  }
  const seed = parseInteger(values.seed, '--seed', -(2 ** 31), 2 ** 32);
  const referenceDate = parseReferenceDate(values['reference-date'], '--reference-date', Date.now());
  const port = parseInteger(values.port, '--port', 0, 65535);
  const ref = values['credential-ref'];
  const password = process.env[ref];
  if (!password) throw new UsageError(`the environment variable ${ref} is not set: export the simulated CMPs' password there (the collector reads the same variable)`);
  const province = simulateProvince(seed, { referenceDate });
  const nodeIds = values.nodes?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = nodeIds?.filter((id) => !province.nodes.some((n) => n.id === id)) ?? [];
  if (unknown.length) throw new UsageError(`--nodes names unknown nodes ${unknown.join(', ')}: use ids such as provincial, city-shaoguan, prd-foshan`);

  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info', name: 'sim-cmp' });
  const cmps = await buildSimulatedCmps({
    province,
    ...(nodeIds ? { nodeIds } : {}),
    credentials: { username: process.env[`${ref}_USERNAME`] || DEFAULT_CMP_USERNAME, password },
  });
  let url: string;
  try {
    url = await cmps.listen(port, values.host);
  } catch (err) {
    if ((err as { code?: string }).code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${values.host} is in use: stop the other process or pass --port (SIM_CMP_PORT) with a free port`);
    throw err;
  }
  const served = province.nodes.filter((n) => !nodeIds || nodeIds.includes(n.id));
  const kinds = [...new Set(served.map((n) => n.cmpKind))].map((k) => `${k} ${served.filter((n) => n.cmpKind === k).length}`).join(', ');
  logger.info({ url, seed, referenceDate, nodes: served.length, kinds }, 'simulated CMPs listening');
  console.log(`simulated CMPs (SIMULATED province, seed ${seed} as of ${referenceDate}: ${kinds}) on ${url}/  e.g. ${url}/provincial/identity/v3`);
  const stop = () => void cmps.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
