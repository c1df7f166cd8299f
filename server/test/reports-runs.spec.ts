/**
 * Report runs and bulletins on both stores: two scheduler instances on one database run each
 * period exactly once; a dead instance's run is taken over; a schedule that overlaps a running run
 * waits and the report says so; a bulletin's author does not review it; a published bulletin cannot
 * be changed by the service nor by SQL.
 */
import { parsePeriodKey, periodContaining, type ReportSnapshot } from '@gcc/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/infra/db/open-database.ts';
import type { VmClient } from '../src/infra/vm/vm-client.ts';
import { upsertUser } from '../src/modules/access/access-service.ts';
import { correctBulletin, draftBulletin, publishBulletin, reviewBulletin } from '../src/modules/reports/bulletins-service.ts';
import { createDefinition } from '../src/modules/reports/report-definitions.ts';
import { createReportRunner } from '../src/modules/reports/report-scheduler.ts';
import { sha256Hex } from '../src/modules/reports/report-snapshot.ts';
import { useSmallProvinceVm, useTwoInstances } from './fixtures/report-env.ts';
import { DAY, NOW } from './fixtures/small-province.ts';
import { STORES } from './stores.ts';

const vmEnv = useSmallProvinceVm();

const clock = () => NOW;
const snapshotOf = async (db: Database, runId: string) => JSON.parse((await db.prisma.reportRun.findUniqueOrThrow({ where: { id: runId } })).snapshot!) as ReportSnapshot;

describe.each(STORES)('report runs on $name', (storeKind) => {
  const env = useTwoInstances(storeKind, vmEnv, (db) => upsertUser(db.prisma, { username: 'demo-province', role: 'PROVINCIAL_ADMIN' }));
  let a: Database;
  let b: Database;
  let vm: VmClient;
  beforeAll(() => ({ a, b, vm } = env));

  it('runs each due period exactly once with two scheduler instances, and again never', async () => {
    const def = await createDefinition(a.prisma, { name: '周报', kind: 'evaluation', frequency: 'weekly', regionCode: '440000', recipients: ['demo-province', 'leader@gd.gov.cn'], activeFrom: new Date(NOW - 20 * DAY) }, 'test');
    const one = createReportRunner({ db: a, vm, instanceId: 'instance-a', clock });
    const two = createReportRunner({ db: b, vm, instanceId: 'instance-b', clock });
    const [r1, r2] = await Promise.all([one.tick(), two.tick()]);
    const ran = [...r1.ran, ...r2.ran].filter((k) => k.startsWith(def.id));
    const runs = await a.prisma.reportRun.findMany({ where: { definitionId: def.id }, orderBy: { periodStart: 'asc' } });
    // 20 days back: two or three ISO weeks have ended since (depending on today's weekday).
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.periodKey)).size).toBe(runs.length);
    expect(ran.sort()).toEqual(runs.map((r) => `${def.id}/${r.periodKey}`).sort());
    expect(runs.every((r) => r.status === 'SUCCEEDED' && r.attempts === 1 && r.contentHash === sha256Hex(r.snapshot!))).toBe(true);
    expect(runs[0]!.recipients).toEqual(['demo-province', 'leader@gd.gov.cn']);
    const again = await Promise.all([one.tick(), two.tick()]);
    expect(again.flatMap((r) => r.ran).filter((k) => k.startsWith(def.id))).toEqual([]);
    expect(await a.prisma.reportRun.count({ where: { definitionId: def.id } })).toBe(runs.length);
    // The snapshot is the evaluation of the period, read at its end.
    const s = await snapshotOf(a, runs[0]!.id);
    expect(s.period.key).toBe(runs[0]!.periodKey);
    expect(s.asOf).toBe(runs[0]!.periodEnd.toISOString());
    expect(s.evaluation!.cities).toHaveLength(21);
  });

  it('takes over a run whose instance died, and says so in the report', async () => {
    const def = await createDefinition(a.prisma, { name: '韶关周报', kind: 'evaluation', frequency: 'weekly', regionCode: '440200', activeFrom: new Date(NOW - 8 * DAY) }, 'test');
    const last = parsePeriodKey(periodContaining('weekly', NOW - 7 * DAY).key);
    const stale = new Date(NOW - 10 * 60_000).toISOString();
    await a.sql.query(
      `INSERT INTO "ReportRun" (id, "definitionId", "periodKey", "periodStart", "periodEnd", trigger, status, "claimedBy", "claimedAt", "heartbeatAt", recipients)
       VALUES ('dead-run', $1, $2, $3, $4, 'schedule', 'RUNNING', 'dead-instance', $5, $5, '{}')`,
      [def.id, last.key, new Date(last.startMs).toISOString(), new Date(last.endMs).toISOString(), stale],
    );
    await createReportRunner({ db: b, vm, instanceId: 'instance-b', clock }).tick();
    const run = await a.prisma.reportRun.findUniqueOrThrow({ where: { id: 'dead-run' } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', claimedBy: 'instance-b', attempts: 2 });
    const notes = (await snapshotOf(a, run.id)).notes;
    expect(notes.find((n) => n.code === 'delayed')?.en).toMatch(/dead-instance started .* stopped answering/);
  });

  it('defers a schedule that overlaps a running run; a person asking is served and the report says why', async () => {
    const def = await createDefinition(a.prisma, { name: '河源周报', kind: 'evaluation', frequency: 'weekly', regionCode: '441600', activeFrom: new Date(NOW - 16 * DAY) }, 'test');
    const due = (await a.prisma.reportRun.findMany({ where: { definitionId: def.id } })).length;
    expect(due).toBe(0);
    const older = periodContaining('weekly', NOW - 14 * DAY);
    const newer = periodContaining('weekly', NOW - 7 * DAY);
    const fresh = new Date(NOW - 30_000).toISOString();
    await a.sql.query(
      `INSERT INTO "ReportRun" (id, "definitionId", "periodKey", "periodStart", "periodEnd", trigger, status, "claimedBy", "claimedAt", "heartbeatAt", recipients)
       VALUES ('busy-run', $1, $2, $3, $4, 'schedule', 'RUNNING', 'busy-instance', $5, $5, '{}')`,
      [def.id, older.key, new Date(older.startMs).toISOString(), new Date(older.endMs).toISOString(), fresh],
    );
    const runner = createReportRunner({ db: a, vm, instanceId: 'instance-a', clock });
    const tick = await runner.tick();
    const mine = tick.skipped.filter((x) => x.definitionId === def.id);
    expect(mine[0]).toMatchObject({ periodKey: older.key, reason: 'running' });
    if (newer.key !== older.key && newer.endMs + 5 * 60_000 <= NOW) expect(mine[1]).toMatchObject({ periodKey: newer.key, reason: 'overlap' });

    const asked = await runner.request(def.id, parsePeriodKey(newer.key), 'manual', 'someone');
    expect(asked.claimed).toBe(true);
    await asked.done;
    const notes = (await snapshotOf(a, asked.runId!)).notes;
    expect(notes.find((n) => n.code === 'overlap')?.en).toMatch(new RegExp(`${older.key}.*busy-instance`));
    // Asking again for a period that ran is answered with that run, not a second one.
    const twice = await runner.request(def.id, parsePeriodKey(newer.key), 'manual', 'someone');
    expect(twice).toMatchObject({ claimed: false, reason: 'done', runId: asked.runId });
  });

  it('freezes a published bulletin: the service refuses, and so does the database to anyone', async () => {
    const def = await createDefinition(a.prisma, { name: '月度通报', kind: 'evaluation', frequency: 'monthly', regionCode: '440000' }, 'test');
    const runner = createReportRunner({ db: a, vm, instanceId: 'instance-a', clock });
    const r = await runner.request(def.id, periodContaining('monthly', NOW - 35 * DAY), 'manual', 'test');
    await r.done;
    const draft = await draftBulletin(a.prisma, r.runId!, 'author');
    expect(draft).toMatchObject({ status: 'DRAFT', version: 1, previousId: null });
    await expect(publishBulletin(a.prisma, draft.id, 'boss')).rejects.toMatchObject({ code: 'GCC_ERR_BULLETIN_TRANSITION' });
    // Four eyes: the author does not review, not through the service nor around it.
    await expect(reviewBulletin(a.prisma, draft.id, 'author')).rejects.toMatchObject({ code: 'GCC_ERR_BULLETIN_FOUR_EYES', message: expect.stringMatching(/author drafted bulletin .* cannot also review it/) });
    await expect(a.sql.query(`UPDATE "Bulletin" SET status = 'REVIEWED', "reviewedBy" = "createdBy", "reviewedAt" = now() WHERE id = $1`, [draft.id])).rejects.toThrow(/Bulletin_four_eyes_check/);
    expect((await a.prisma.bulletin.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('DRAFT');
    await reviewBulletin(a.prisma, draft.id, 'reviewer');
    const published = await publishBulletin(a.prisma, draft.id, 'boss');
    expect(published).toMatchObject({ status: 'PUBLISHED', reviewedBy: 'reviewer', publishedBy: 'boss' });
    expect(published.contentHash).toBe(sha256Hex(published.snapshot));

    await expect(reviewBulletin(a.prisma, draft.id, 'reviewer')).rejects.toMatchObject({ code: 'GCC_ERR_BULLETIN_FROZEN' });
    // Around the service: Prisma, and plain SQL, are refused by the trigger.
    await expect(a.prisma.bulletin.update({ where: { id: draft.id }, data: { titleZh: '改' } })).rejects.toThrow(/GCC_BULLETIN_FROZEN/);
    await expect(a.sql.query(`UPDATE "Bulletin" SET "status" = 'DRAFT' WHERE id = $1`, [draft.id])).rejects.toThrow(/GCC_BULLETIN_FROZEN/);
    await expect(a.sql.query(`UPDATE "Bulletin" SET "snapshot" = '{}', "contentHash" = $2 WHERE id = $1`, [draft.id, sha256Hex('{}')])).rejects.toThrow(/GCC_BULLETIN_FROZEN/);
    await expect(a.sql.query(`DELETE FROM "Bulletin" WHERE id = $1`, [draft.id])).rejects.toThrow(/GCC_BULLETIN_FROZEN/);
    // The run it came from is frozen too, and a hash that does not match its snapshot is refused.
    await expect(a.sql.query(`UPDATE "ReportRun" SET "snapshot" = NULL, "contentHash" = NULL WHERE id = $1`, [r.runId])).rejects.toThrow(/GCC_REPORT_RUN_FROZEN/);
    await expect(
      a.sql.query(`INSERT INTO "Bulletin" (id, number, version, "regionCode", "titleZh", "titleEn", snapshot, "contentHash", "createdBy") VALUES ('x', 'TB-x', 1, '440000', 't', 't', '{}', 'deadbeef', 'me')`),
    ).rejects.toThrow(/contentHash_check/);

    const v2 = await correctBulletin(a, vm, draft.id, '东莞数据重报', 'author', NOW);
    expect(v2).toMatchObject({ number: draft.number, version: 2, previousId: draft.id, status: 'DRAFT', correctionNote: '东莞数据重报' });
    expect(JSON.parse(v2.snapshot).notes[0].zh).toMatch(/更正（第 2 版，更正第 1 版）：东莞数据重报/);
    const v1 = await a.prisma.bulletin.findUniqueOrThrow({ where: { id: draft.id } });
    expect({ status: v1.status, hash: v1.contentHash, snapshot: v1.snapshot }).toEqual({ status: 'PUBLISHED', hash: published.contentHash, snapshot: published.snapshot });
    await expect(correctBulletin(a, vm, draft.id, 'again', 'author', NOW)).rejects.toMatchObject({ code: 'GCC_ERR_BULLETIN_TRANSITION' });
    await expect(correctBulletin(a, vm, v2.id, 'a draft', 'author', NOW)).rejects.toMatchObject({ code: 'GCC_ERR_BULLETIN_TRANSITION' });
    // The correction's author does not review it either; publication needs the review.
    await expect(reviewBulletin(a.prisma, v2.id, 'author')).rejects.toMatchObject({ code: 'GCC_ERR_BULLETIN_FOUR_EYES', message: expect.stringMatching(/issued this correction/) });
    await expect(publishBulletin(a.prisma, v2.id, 'boss')).rejects.toMatchObject({ code: 'GCC_ERR_BULLETIN_TRANSITION' });
    await reviewBulletin(a.prisma, v2.id, 'boss');
    expect(await publishBulletin(a.prisma, v2.id, 'author')).toMatchObject({ status: 'PUBLISHED', reviewedBy: 'boss', publishedBy: 'author' });
  });
});
