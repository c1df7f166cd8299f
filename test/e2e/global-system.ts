/**
 * One running system (the start command's) shared by every browser test file: starting it costs
 * most of a minute, so the files share it and each opens its own pages.
 */
import type { TestProject } from 'vitest/node';
import { startSystem, type RunningSystem } from '../harness/system.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    systemUrl: string;
    systemEnv: Record<string, string>;
  }
}

let system: RunningSystem | undefined;

export async function setup(project: TestProject): Promise<void> {
  system = await startSystem();
  await system.waitUntilLive();
  project.provide('systemUrl', system.url);
  project.provide('systemEnv', Object.fromEntries(Object.entries(system.env).filter((e): e is [string, string] => typeof e[1] === 'string')));
}

export async function teardown(): Promise<void> {
  await system?.stop();
}
