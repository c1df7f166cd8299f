/**
 * The docking API document itself: a well-formed OpenAPI 3.1 document whose every $ref resolves,
 * whose examples follow its own schemas, and whose simulated implementation answers conforming bodies.
 */
import { describe, expect, it } from 'vitest';
import { dockingApiDocument, dockingProblems } from '../src/docking/index.ts';
import { buildSimulatedDocking, simulateProvince, TEST_SIM_REFERENCE_DATE } from '../src/sim/index.ts';

const doc = dockingApiDocument() as unknown as { openapi: string; info: { version: string }; paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, { examples?: unknown[] }> } };

describe('collectors/docking-api/openapi.v1.json', () => {
  it('is OpenAPI 3.1, version 1.x, every path under /v1', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toMatch(/^1\.\d+\.\d+$/);
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/v1/'))).toBe(true);
  });
  it('every $ref points at something that exists', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) {
      const target = ref.split('/').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc);
      expect(target, ref).toBeDefined();
    }
  });
  it('every example follows its schema', () => {
    let n = 0;
    for (const [name, s] of Object.entries(doc.components.schemas)) {
      for (const ex of s.examples ?? []) {
        expect(dockingProblems(name, ex), name).toEqual([]);
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(5);
  });
  it('the simulated PRD platform answers bodies that follow it, on every page', async () => {
    const app = buildSimulatedDocking({ province: simulateProvince(2019, { referenceDate: TEST_SIM_REFERENCE_DATE }), nodeIds: ['prd-foshan'], credentials: { username: 'u', password: 'p' }, now: () => Date.parse('2026-11-25T06:30:00Z') });
    const tok = await app.inject({ method: 'POST', url: '/prd-foshan/docking/v1/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=u&client_secret=p' });
    expect(dockingProblems('TokenResponse', tok.json())).toEqual([]);
    const auth = { authorization: `Bearer ${tok.json().access_token}` };
    const cap = await app.inject({ url: '/prd-foshan/docking/v1/capacity', headers: auth });
    expect(dockingProblems('Capacity', cap.json())).toEqual([]);
    const page1 = (await app.inject({ url: '/prd-foshan/docking/v1/systems?page=1&pageSize=100', headers: auth })).json();
    expect(dockingProblems('SystemsPage', page1)).toEqual([]);
    expect(page1.total).toBeGreaterThan(100);
    const last = (await app.inject({ url: `/prd-foshan/docking/v1/systems?page=${Math.ceil(page1.total / 100)}&pageSize=100`, headers: auth })).json();
    expect(last.items.length).toBe(page1.total % 100 || 100);
    const unauth = await app.inject({ url: '/prd-foshan/docking/v1/capacity' });
    expect(unauth.statusCode).toBe(401);
    expect(dockingProblems('Problem', unauth.json())).toEqual([]);
    await app.close();
  });
});
