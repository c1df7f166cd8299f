/** The writer's retry rules against a stub that answers what a troubled VictoriaMetrics would. */
import Fastify, { type FastifyInstance } from 'fastify';
import { freePort } from '@gcc/test/harness';
import { afterEach, describe, expect, it } from 'vitest';
import { CollectorError, createVmWriter, type Sample } from '../src/index.ts';

const sample: Sample = { name: 'gcc_node_vcpu', labels: { node: 'city-shaoguan', measure: 'total' }, value: 1, timestampMs: 1_700_000_000_000 };
let stub: FastifyInstance | undefined;

async function startStub(answers: { status: number; headers?: Record<string, string> }[]) {
  const calls: string[] = [];
  stub = Fastify();
  stub.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  stub.post('/api/v1/import/prometheus', async (req, reply) => {
    calls.push(req.body as string);
    const a = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return reply.code(a.status).headers(a.headers ?? {}).send(a.status >= 400 ? 'cannot parse line' : undefined);
  });
  await stub.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(stub.server.address() as { port: number }).port}`, calls };
}

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

describe('VictoriaMetrics writer retries', () => {
  it('never retries a 400: the same bytes would fail again', async () => {
    const { url, calls } = await startStub([{ status: 400 }]);
    const sleeps: number[] = [];
    const writer = createVmWriter({ vmUrl: url, sleep: async (ms) => void sleeps.push(ms) });
    const err = await writer.write([sample]).catch((e) => e);
    expect(err).toBeInstanceOf(CollectorError);
    expect(err).toMatchObject({ code: 'GCC_ERR_VM_REJECTED', status: 400, retryable: false });
    expect(err.message).toContain(`VM_URL=${url}`);
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    const { url, calls } = await startStub([{ status: 503 }, { status: 500 }, { status: 204 }]);
    const sleeps: number[] = [];
    const writer = createVmWriter({ vmUrl: url, backoffMs: 100, sleep: async (ms) => void sleeps.push(ms) });
    expect(await writer.write([sample])).toEqual({ samples: 1, batches: 1 });
    expect(calls).toHaveLength(3);
    expect(new Set(calls).size).toBe(1);
    expect(sleeps).toEqual([100, 200]);
  });

  it('honours Retry-After on 429 and gives up after the configured retries', async () => {
    const { url, calls } = await startStub([{ status: 429, headers: { 'retry-after': '2' } }]);
    const sleeps: number[] = [];
    const writer = createVmWriter({ vmUrl: url, retries: 2, sleep: async (ms) => void sleeps.push(ms) });
    const err = await writer.write([sample]).catch((e) => e);
    expect(err).toMatchObject({ code: 'GCC_ERR_VM_WRITE_FAILED', status: 429, retryable: true });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('names VM_URL when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const writer = createVmWriter({ vmUrl: url, retries: 1, sleep: async () => undefined });
    const err = await writer.write([sample]).catch((e) => e);
    expect(err).toMatchObject({ code: 'GCC_ERR_VM_UNREACHABLE', retryable: true });
    expect(err.message).toMatch(new RegExp(`VictoriaMetrics at VM_URL=${url} is unreachable \\(ECONNREFUSED\\)`));
  });

  it('splits large writes into batches', async () => {
    const { url, calls } = await startStub([{ status: 204 }]);
    const writer = createVmWriter({ vmUrl: url, batchSize: 3 });
    const samples = Array.from({ length: 10 }, (_, i) => ({ ...sample, timestampMs: sample.timestampMs + i * 1000 }));
    expect(await writer.write(samples)).toEqual({ samples: 10, batches: 4 });
    expect(calls.map((c) => c.trim().split('\n').length)).toEqual([3, 3, 3, 1]);
  });
});
