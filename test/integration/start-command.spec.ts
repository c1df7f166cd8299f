/**
 * The README's start command, for real: on an empty data directory it brings up VictoriaMetrics,
 * the database, the simulated CMPs, the collector and the server, and ends by printing the URLs;
 * the console answers and GraphQL serves the simulated province's vCPU total from
 * VictoriaMetrics. Run a second time it stops the first run and comes up again on the same data
 * without rewriting it; the stop command stops everything.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startSystem, type RunningSystem } from '../harness/index.ts';

let system: RunningSystem | undefined;
afterAll(async () => system?.stop());

describe('pnpm start', () => {
  it('brings up the whole system with the simulated province, and works when run twice', async () => {
    system = await startSystem();
    const lines = system.startOutput.trim().split('\n');
    expect(system.startOutput).toContain('SIMULATED');
    expect(system.startOutput).toMatch(/backfill 100% \(\d+\/\d+ samples\)/);
    // It ends with the URLs to open (and the demo tokens), after all the progress lines.
    const ending = lines.slice(lines.findLastIndex((l) => l.includes('backfill')) + 1).join('\n');
    expect(ending).toContain(`${system.url}/`);
    expect(ending).toContain(`${system.url}/graphql`);
    expect(lines.at(-1)).toContain('pnpm stop');

    const page = await fetch(`${system.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');

    await system.waitUntilLive();
    const live = await system.graphql('{ meta { simulated } province { vcpu { total } } nodes(kind: PROVINCIAL) { vcpu { total } } }');
    expect(live.data.meta.simulated).toBe(true);
    expect(live.data.nodes[0].vcpu.total).toBeGreaterThanOrEqual(90_000);
    expect(live.data.province.vcpu.total).toBeGreaterThan(live.data.nodes[0].vcpu.total);

    const again = await system.start();
    expect(again).toMatch(/already in the pglite database: \d+ business systems kept/);
    expect(again).toContain('history already written');
    await system.waitUntilLive();

    await system.stop();
    await expect(fetch(`${system.url}/health`)).rejects.toThrow();
    system = undefined;
  }, 600_000);
});
