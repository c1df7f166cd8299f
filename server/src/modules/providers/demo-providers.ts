/**
 * Simulated providers for the demo (seed-demo): who operates which node, incidents and monthly
 * satisfaction scores for the last months, deterministic from the seed, all named （模拟）; and a
 * few report definitions so the scheduler has something to run on the first start. Written once:
 * an existing provider table is left alone.
 */
import { chinaDay, NODE_DEFINITIONS, PROVINCE_CODE, PROVINCIAL_NODE_ID } from '@gcc/domain';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { servedDepartments } from './provider-access.ts';

const DAY = 86_400_000;

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function writeDemoProviders(prisma: PrismaClient, seed: number, nowMs = Date.now()): Promise<{ written: boolean }> {
  if ((await prisma.provider.count()) > 0) return { written: false };
  const rnd = random(seed * 7919 + 8);
  const cityNodes = NODE_DEFINITIONS.filter((n) => n.kind === 'city').map((n) => n.id);
  const providers = [
    { id: 'sim-digital-gd', nameZh: '数字广东网络建设有限公司（模拟）', nameEn: 'Digital Guangdong (simulated)', nodes: [PROVINCIAL_NODE_ID] },
    { id: 'sim-telecom', nameZh: '中国电信广东分公司（模拟）', nameEn: 'China Telecom Guangdong (simulated)', nodes: cityNodes.slice(0, 7) },
    { id: 'sim-mobile', nameZh: '中国移动广东分公司（模拟）', nameEn: 'China Mobile Guangdong (simulated)', nodes: cityNodes.slice(7) },
  ];
  const existing = new Set((await prisma.node.findMany({ select: { id: true } })).map((n) => n.id));
  for (const p of providers) {
    const nodes = p.nodes.filter((id) => existing.has(id));
    await prisma.provider.create({ data: { id: p.id, nameZh: p.nameZh, nameEn: p.nameEn, nodes: { create: nodes.map((nodeId) => ({ nodeId })) } } });
    if (!nodes.length) continue;
    // Scores come from departments the provider serves (as enterSatisfaction requires).
    const departments = [...((await servedDepartments(prisma, [p.id])).get(p.id) ?? [])].sort().slice(0, 6);
    // Six months of incidents: a few a month, most answered within 5 minutes, some outages.
    for (let k = 0; k < 180; k += 7 + Math.floor(rnd() * 10)) {
      const started = nowMs - k * DAY - Math.floor(rnd() * DAY);
      const late = rnd() < 0.2;
      const outage = rnd() < 0.3;
      await prisma.providerIncident.create({
        data: {
          providerId: p.id,
          nodeId: nodes[Math.floor(rnd() * nodes.length)]!,
          severity: outage ? 'MAJOR' : 'MINOR',
          startedAt: new Date(started),
          respondedAt: new Date(started + (late ? 12 + rnd() * 30 : 1 + rnd() * 3.5) * 60_000),
          reportedAt: new Date(started + (late && rnd() < 0.5 ? 30 : 1 + rnd() * 4) * 3600_000),
          resolvedAt: new Date(started + (outage ? 20 + rnd() * 100 : 5 + rnd() * 30) * 60_000),
          outage,
          description: outage ? '（模拟）计算节点故障导致部分云主机不可用' : '（模拟）监控告警，已处理',
          recordedBy: 'seed-demo',
        },
      });
    }
    for (let m = 0; m < 6; m++) {
      const month = chinaDay(nowMs - m * 30 * DAY).slice(0, 7);
      for (const d of departments.slice(0, 3 + Math.floor(rnd() * 3))) {
        await prisma.providerSatisfaction.upsert({
          where: { providerId_month_departmentCode: { providerId: p.id, month, departmentCode: d } },
          create: { providerId: p.id, month, departmentCode: d, score: Math.round(75 + rnd() * 23), enteredBy: 'seed-demo', comment: '（模拟）' },
          update: {},
        });
      }
    }
  }
  if ((await prisma.reportDefinition.count()) === 0) {
    const from = (days: number) => new Date(nowMs - days * DAY);
    await prisma.reportDefinition.createMany({
      data: [
        { name: '全省政务云月度评估报告', kind: 'EVALUATION', frequency: 'MONTHLY', regionCode: PROVINCE_CODE, recipients: ['demo-province'], activeFrom: from(35), createdBy: 'seed-demo' },
        { name: '全省政务云周报', kind: 'EVALUATION', frequency: 'WEEKLY', regionCode: PROVINCE_CODE, recipients: ['demo-province'], activeFrom: from(8), createdBy: 'seed-demo' },
        { name: '云服务商月度考核', kind: 'PROVIDER_ASSESSMENT', frequency: 'MONTHLY', regionCode: PROVINCE_CODE, recipients: ['demo-province'], activeFrom: from(35), createdBy: 'seed-demo' },
        { name: '韶关市季度评估报告', kind: 'EVALUATION', frequency: 'QUARTERLY', regionCode: '440200', recipients: ['demo-city-shaoguan'], activeFrom: from(1), createdBy: 'seed-demo' },
      ],
    });
  }
  return { written: true };
}
