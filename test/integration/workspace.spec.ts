/**
 * Workspace rules that keep the repository honest: one version of every dependency (each
 * package says `catalog:` or `workspace:`), and nothing in the product reads ../shared, which a
 * user's machine does not have.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGES = ['.', 'domain', 'server', 'web', 'collectors', 'prisma', 'test', 'bench'];

describe('workspace', () => {
  it('has the product layout', () => {
    for (const p of ['server', 'web', 'collectors', 'prisma', 'test', 'package.json', 'pnpm-workspace.yaml', 'tsconfig.base.json']) {
      expect(() => statSync(join(ROOT, p)), p).not.toThrow();
    }
  });

  it.each(PACKAGES)('%s takes every dependency from the catalog or the workspace', (pkg) => {
    const json = JSON.parse(readFileSync(join(ROOT, pkg, 'package.json'), 'utf8'));
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      for (const [name, spec] of Object.entries<string>(json[field] ?? {})) {
        expect(spec, `${pkg}/package.json ${field}.${name}`).toMatch(/^(catalog:|workspace:)/);
      }
    }
  });

  it('never reads ../shared at build, run or test time', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', 'dist', '.git', '.data', 'artifacts', 'generated'].includes(e.name)) continue;
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.(ts|vue|js|mjs|cjs|sh|json|yaml)$/.test(e.name) || e.name === 'run') {
          const text = readFileSync(path, 'utf8');
          if (/(\.\.\/)+shared\/|\/work\/shared/.test(text) && path !== fileURLToPath(import.meta.url)) offenders.push(relative(ROOT, path));
        }
      }
    };
    walk(ROOT);
    expect(offenders).toEqual([]);
  });
});
