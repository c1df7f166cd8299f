import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createServer } from 'node:http';
import { SCREEN_HEADLINE_QUERY } from '@gcc/web/api';
import { buildApp, createVmClient, openDatabase, writeReferenceData } from '@gcc/server';
import { issueToken, upsertUser } from '@gcc/server/access';
const fake = createServer((req, res) => { req.resume(); req.on('end', () => res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }))); });
await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
const vmUrl = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
const db = await openDatabase({ kind: 'pglite', dataDir: join(mkdtempSync(join(tmpdir(), 'p')), 'p') });
await writeReferenceData(db.prisma);
const u = await upsertUser(db.prisma, { username: 'k', role: 'KIOSK' });
const token = (await issueToken(db.prisma, u.id, { label: 'b', readOnly: true })).token;
const app = await buildApp({ config: { production: true, auth: true, responseCacheMs: 600000, webDist: undefined, logLevel: 'warn' }, db, vm: createVmClient({ url: vmUrl }), liveUpdates: { pollIntervalMs: 0 } });
let cached = '';
app.post('/base', async (_r, reply) => reply.type('application/json; charset=utf-8').send(cached));
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
const body = JSON.stringify({ query: SCREEN_HEADLINE_QUERY.source, operationName: SCREEN_HEADLINE_QUERY.operationName, variables: {} });
const first = await fetch(`${base}/graphql`, { method: 'POST', headers, body });
cached = await first.text();
console.log(first.status, cached.slice(0, 100));
const ratios: number[] = [];
for (let round = 0; round < 3; round++) {
  const rps: number[] = [];
  for (const url of [`${base}/base`, `${base}/graphql`]) {
    const r = await autocannon({ url, method: 'POST', body, headers, connections: 100, duration: Number(process.env.D ?? 3), workers: 1 });
    rps.push(r.requests.average);
  }
  ratios.push(rps[1]! / rps[0]!);
  console.log('round', round, rps.map(Math.round), (rps[1]! / rps[0]!).toFixed(2));
}
await app.close(); await db.close(); fake.close();
