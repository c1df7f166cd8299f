/**
 * Issues the demo's security platform tokens: one per simulated node with a live platform (the
 * previous demo tokens are revoked), records the 等保 posture of the syslog-only platforms (which
 * cannot push a status), and writes the tokens for the simulator to a file readable by its owner
 * only. Real platforms get their tokens from the createSecurityIngestToken mutation instead.
 *
 *   tsx src/cli/security-demo-tokens.ts --seed 2019 --out .data/run/security-platforms.json
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { simulatedPlatforms, simulateProvince } from '@gcc/collectors/sim';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../infra/db/open-database.ts';
import { readSimulationMeta, referenceDateOfMeta } from '../modules/registry/simulation-meta.ts';
import { createIngestToken } from '../modules/security/ingest-tokens.ts';
import { runCli } from './run-cli.ts';

const DEMO_LABEL = 'simulated security platform (demo)';

runCli(async () => {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '2019' }, out: { type: 'string' } } });
  if (!values.out) throw new Error('--out is required: where to write the simulated platforms\' tokens');
  const seed = Number(values.seed);
  const db = await openDatabase(loadConfig(process.env).database);
  try {
    const meta = await readSimulationMeta(db.prisma);
    if (!meta) throw new Error('the database holds no simulated province: run seed-demo.ts first');
    const simulated = new Set((await db.prisma.node.findMany({ where: { simulated: true }, select: { id: true } })).map((n) => n.id));
    const province = simulateProvince(seed, { referenceDate: referenceDateOfMeta(meta) });
    const platforms = simulatedPlatforms(province, Date.now()).filter((p) => simulated.has(p.nodeId));
    await db.prisma.securityIngestToken.updateMany({ where: { label: DEMO_LABEL, revokedAt: null }, data: { revokedAt: new Date() } });
    const out = [];
    for (const p of platforms) {
      const { token } = await createIngestToken(db.prisma, p.nodeId, DEMO_LABEL);
      if (p.transport !== 'push') {
        const posture = { dengbaoLevel: p.dengbaoLevel, lastAssessmentAt: new Date(`${p.lastAssessmentDate}T00:00:00Z`), assessmentScore: p.assessmentScore, policiesTotal: p.policiesTotal, policiesViolated: p.policiesViolated };
        await db.prisma.securityPosture.upsert({ where: { nodeId: p.nodeId }, create: { nodeId: p.nodeId, ...posture }, update: posture });
      }
      out.push({ ...p, token });
    }
    writeFileSync(values.out, JSON.stringify({ seed, platforms: out }, null, 2), { mode: 0o600 });
    console.log(`security platform tokens for ${out.length} simulated nodes → ${values.out} (${out.filter((p) => p.silent).map((p) => p.nodeId).join(', ')} kept silent by design)`);
  } finally {
    await db.close();
  }
});
