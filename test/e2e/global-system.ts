/**
 * One running system (the start command's) shared by every browser test file: starting it costs
 * most of a minute, so the files share it and each opens its own pages.
 *
 * A global setup that throws ends the whole vitest run, every project with it. So a system that
 * fails to start is reported to the browser tests instead (`systemError`): each of them fails
 * with the reason (system-setup.ts) while the other projects run and count as usual.
 */
import type { TestProject } from 'vitest/node';
import { startSystem, type RunningSystem } from '../harness/system.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    systemUrl: string;
    systemEnv: Record<string, string>;
    /** Why the shared system is not running; empty when it is. */
    systemError: string;
  }
}

const STALE_AFTER_SECONDS_FOR_TESTS = 60;

let system: RunningSystem | undefined;

export async function setup(project: TestProject): Promise<void> {
  try {
    // A stale threshold of 60 s (instead of 15 min) lets the stale-badge test fail a node and see it
    // flagged within a test's time; healthy nodes report every 5 s, well inside it even on a busy machine.
    system = await startSystem({ staleAfterSeconds: STALE_AFTER_SECONDS_FOR_TESTS });
    await system.waitUntilLive();
    project.provide('systemUrl', system.url);
    project.provide('systemEnv', Object.fromEntries(Object.entries(system.env).filter((e): e is [string, string] => typeof e[1] === 'string')));
    project.provide('systemError', '');
  } catch (err) {
    project.provide('systemUrl', '');
    project.provide('systemEnv', {});
    project.provide('systemError', (err as Error).stack ?? String(err));
  }
}

export async function teardown(): Promise<void> {
  await system?.stop();
}
