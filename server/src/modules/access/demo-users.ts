/**
 * Demo users for the simulated province (seed-demo): the provincial bureau's admin (省局) and a
 * second provincial user who reviews bulletins (four eyes: the author never reviews), one
 * city bureau user per city, a kiosk and the collector (an OPERATOR: it reads the node list and
 * posts inventories). Their tokens are DERIVED FROM THE SEED so every start of
 * the demo prints the same links, which means anyone who knows the seed knows them: they are
 * labelled DEMO, start with `gcc_demo_`, and a production server (GCC_MODE=production) refuses
 * them. Real installations create users and tokens with cli/create-token.ts.
 */
import { createHmac } from 'node:crypto';
import { CITIES } from '@gcc/domain';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { DEMO_TOKEN_PREFIX, hashToken } from './access-tokens.ts';
import { issueToken, upsertUser } from './access-service.ts';

const DEMO_LABEL = 'DEMO token derived from the simulation seed: never valid in production';

export function demoToken(seed: number, username: string): string {
  return DEMO_TOKEN_PREFIX + createHmac('sha256', `gcc-demo-seed-${seed}`).update(username).digest('base64url').slice(0, 32);
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: 'PROVINCIAL_ADMIN' | 'CITY_ADMIN' | 'KIOSK' | 'OPERATOR';
  cityCode: string | null;
}

export function demoUsers(): DemoUser[] {
  return [
    { username: 'demo-province', displayName: '省政务服务数据管理局（演示）', role: 'PROVINCIAL_ADMIN', cityCode: null },
    { username: 'demo-province-reviewer', displayName: '省政务服务数据管理局 审核人（演示）', role: 'PROVINCIAL_ADMIN', cityCode: null },
    ...CITIES.map((c): DemoUser => ({ username: `demo-city-${c.slug}`, displayName: `${c.nameZh}政务服务数据管理局（演示）`, role: 'CITY_ADMIN', cityCode: c.code })),
    { username: 'demo-kiosk', displayName: '大屏（演示）', role: 'KIOSK', cityCode: null },
    { username: 'demo-collector', displayName: '采集器（演示）', role: 'OPERATOR', cityCode: null },
  ];
}

/** Writes the demo users and their tokens (idempotent); returns each username's token. */
export async function writeDemoUsers(prisma: PrismaClient, seed: number): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const u of demoUsers()) {
    const user = await upsertUser(prisma, { username: u.username, displayName: u.displayName, role: u.role, cityCode: u.cityCode });
    const token = demoToken(seed, u.username);
    const existing = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!existing) await issueToken(prisma, user.id, { label: DEMO_LABEL, readOnly: u.role === 'KIOSK', token });
    tokens.set(u.username, token);
  }
  return tokens;
}
