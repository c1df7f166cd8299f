/**
 * Prepares the demo: migrates the database, writes the plan's reference data and (once per seed)
 * the simulated province, then writes the collectors' node list from the registry, so the
 * registry stays the one place that says which nodes exist and where their CMPs are.
 *
 *   tsx server/src/cli/seed-demo.ts --seed 2019 --cmp-url http://127.0.0.1:4100 --collector-config .run/collectors.json [--server-url http://127.0.0.1:4000] [--demo-tokens FILE] [--reference-date-out FILE]
 *
 * The province is simulated as of its reference day: today (UTC) when the database is first
 * seeded, the stored day on every later start, so a restarted demo simulates the province its
 * registry and history already hold. --reference-date-out writes that day to FILE for the start
 * command to pass to every simulator process (--reference-date).
 *
 * Demo users (modules/access/demo-users.ts): 省局 admin, one city bureau user per city, a kiosk;
 * with --demo-tokens their DEMO tokens (derived from the seed) are written to FILE for the start
 * command to print as links.
 *
 * Each simulated node's endpoint depends on the CMP kind it speaks (simCmpEndpoint).
 */
import { writeFileSync } from 'node:fs';
import { cityByCode } from '@gcc/domain';
import { parseArgs } from 'node:util';
import { referenceDateOf, simulateProvince } from '@gcc/collectors/sim';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../infra/db/open-database.ts';
import { writeReferenceData } from '../modules/registry/reference-data.ts';
import { writeSimulatedProvince } from '../modules/registry/simulated-province.ts';
import { readSimulationMeta, referenceDateOfMeta } from '../modules/registry/simulation-meta.ts';
import { collectorNodes } from '../modules/registry/collector-nodes.ts';
import { writeSimulatedDemand } from '../modules/scheduling/sim-demand.ts';
import { demoUsers, writeDemoUsers } from '../modules/access/demo-users.ts';
import { writeDemoProviders } from '../modules/providers/demo-providers.ts';
import { runCli } from './run-cli.ts';

export const SIM_CMP_CREDENTIAL_REF = 'GCC_SIM_CMP_PASSWORD';

runCli(async () => {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '2019' },
      'cmp-url': { type: 'string' },
      'collector-config': { type: 'string' },
      'vm-url': { type: 'string' },
      'interval-seconds': { type: 'string', default: '30' },
      'server-url': { type: 'string' },
      'demo-tokens': { type: 'string' },
      'reference-date-out': { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  if (!values['cmp-url']) throw new Error('--cmp-url is required: the base URL of the simulated CMP (e.g. http://127.0.0.1:4100)');
  const config = loadConfig(process.env);
  const db = await openDatabase(config.database);
  try {
    await writeReferenceData(db.prisma);
    const stored = await readSimulationMeta(db.prisma);
    const referenceDate = stored ? referenceDateOfMeta(stored) : referenceDateOf(Date.now());
    console.log(`simulating the province (seed ${seed}, as of ${referenceDate}${stored ? ', the day this data was first seeded' : ''})…`);
    const province = simulateProvince(seed, { referenceDate });
    const result = await writeSimulatedProvince(db.prisma, province, {
      cmpBaseUrl: values['cmp-url'].replace(/\/+$/, ''),
      credentialRef: SIM_CMP_CREDENTIAL_REF,
    });
    console.log(
      result.written
        ? `wrote the simulated province: ${province.nodes.length} nodes, ${result.systems} business systems (${db.kind})`
        : `simulated province (seed ${seed}) already in the ${db.kind} database: ${result.systems} business systems kept`,
    );
    // Scheduling demand of the simulated province (pending requests, workload footprints), once.
    await writeSimulatedDemand(db.prisma, province, Date.now());
    const tokens = await writeDemoUsers(db.prisma, seed);
    if ((await writeDemoProviders(db.prisma, seed)).written) console.log('demo providers (simulated), their incidents and satisfaction scores, and report definitions');
    console.log(`demo users: ${demoUsers().length} (省局 admin and reviewer, a city bureau user per city, a kiosk, the collector) with DEMO tokens derived from seed ${seed}`);
    if (values['demo-tokens']) {
      // Shell-sourceable; one city (韶关 440200) stands for the others in the printed links.
      const city = cityByCode('440200')!;
      const lines = [
        '# DEMO tokens derived from the simulation seed: for the demo only, refused in production.',
        `GCC_DEMO_PROVINCE_TOKEN=${tokens.get('demo-province')}`,
        // A second provincial user: bulletins need a reviewer who is not their author.
        `GCC_DEMO_REVIEWER_TOKEN=${tokens.get('demo-province-reviewer')}`,
        `GCC_DEMO_KIOSK_TOKEN=${tokens.get('demo-kiosk')}`,
        `GCC_DEMO_CITY_CODE=${city.code}`,
        `GCC_DEMO_CITY_TOKEN=${tokens.get(`demo-city-${city.slug}`)}`,
        // The collector's (OPERATOR): node list and inventory posts (modules/inventory/).
        `GCC_DEMO_COLLECTOR_TOKEN=${tokens.get('demo-collector')}`,
      ];
      writeFileSync(values['demo-tokens'], lines.join('\n') + '\n', { mode: 0o600 });
    }
    if (values['reference-date-out']) writeFileSync(values['reference-date-out'], `${referenceDate}\n`);
    if (values['collector-config']) {
      const nodes = await collectorNodes(db.prisma);
      const collectorConfig = {
        vmUrl: values['vm-url'] ?? config.vmUrl,
        intervalSeconds: Number(values['interval-seconds']),
        // Where the collector reads more nodes and posts each node's business-system inventory (modules/inventory/).
        serverUrl: values['server-url'] ?? `http://${config.host}:${config.port}`,
        nodes,
      };
      writeFileSync(values['collector-config'], JSON.stringify(collectorConfig, null, 2));
      console.log(`collector config for ${nodes.length} nodes → ${values['collector-config']}`);
    }
  } finally {
    await db.close();
  }
});
