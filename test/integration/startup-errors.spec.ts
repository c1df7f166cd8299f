/**
 * Bad input at start-up is one clear line naming the fix, never a stack trace alone: a port in
 * use, an invalid or unreachable DATABASE_URL, a missing Debian package without root.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];

async function startServer(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gcc-startup-'));
  dirs.push(dataDir);
  const r = await run('pnpm', ['exec', 'tsx', 'src/server.ts'], {
    cwd: join(ROOT, 'server'),
    env: { ...process.env, GCC_DATA_DIR: dataDir, VM_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent', ...env },
    timeout: 60_000,
  }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  return { code: r.code, lines: r.stderr.trim().split('\n').filter(Boolean) };
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('server start-up errors', () => {
  it('a port in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, lines } = await startServer({ PORT: String(port) });
      expect(code).toBe(1);
      expect(lines).toEqual([`error [GCC_ERR_LISTEN_PORT_IN_USE]: port ${port} on 127.0.0.1 is in use: stop the other process or set PORT to a free port`]);
    } finally {
      blocker.close();
    }
  });

  it('an invalid DATABASE_URL, with every other bad setting in the same line', async () => {
    const { code, lines } = await startServer({ DATABASE_URL: 'mysql://x', PORT: 'eighty' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error \[GCC_ERR_CONFIG_INVALID\]: invalid configuration: .*PORT.*DATABASE_URL: must look like postgresql:\/\//);
  });

  it('an unreachable PostgreSQL', async () => {
    const { code, lines } = await startServer({ DATABASE_URL: 'postgresql://gcc:secret@127.0.0.1:1/gcc' });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/GCC_ERR_DB_UNREACHABLE.*127\.0\.0\.1:1\/gcc.*Check DATABASE_URL/);
    expect(lines[0]).not.toContain('secret');
  });
});

describe('installing Debian packages', () => {
  it('without root or sudo, names the apt-get command to run', async () => {
    const script = `source scripts/lib/common.sh; ensure_debs gcc-no-such-package-xyz`;
    // As root, become an unprivileged user; otherwise we already are one.
    const cmd = process.getuid?.() === 0 ? ['runuser', '-u', 'nobody', '--', 'bash', '-c', script] : ['bash', '-c', script];
    const r = await run(cmd[0]!, cmd.slice(1), { cwd: ROOT, env: { ...process.env, PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "error: missing Debian packages gcc-no-such-package-xyz: run 'sudo apt-get install -y gcc-no-such-package-xyz' or run this command as root",
    );
  });
});
