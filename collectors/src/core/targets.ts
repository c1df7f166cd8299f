/**
 * Which nodes the running collector pulls, kept current without a restart. Two sources:
 * - the configuration file, re-read when it changes (fs.watch, and a poll every few seconds for
 *   file systems whose events get lost). A file that is unreadable or invalid leaves the last good
 *   one in force, with one error log naming every problem;
 * - the console server's registry, GET {serverUrl}/api/collector/nodes with the collector's token,
 *   polled every minute. A row that is not a valid node keeps that node's last good definition
 *   (or leaves it out), the others apply; a failed fetch keeps the last list.
 * The file wins over the server for a node both list (a local override). The shard or --nodes
 * selection applies to the merged list. A node whose credentialRef names an unset variable cannot
 * be pulled: it keeps its running definition, if any, with an error log.
 * Errors are logged when they start or change, not on every poll.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { CollectorError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { CmpCredentials, CollectorNode } from './cmp-adapter.ts';
import type { RunningCollector } from './collector.ts';
import { credentialsFor, missingCredentialError, parseCollectorNode, type CollectorConfig } from './config.ts';
import { describeNetworkError } from './net-error.ts';
import { inSelection, type NodeSelection } from './shard.ts';

export const TARGETS_FILE_POLL_MS = 5_000;
export const TARGETS_SERVER_REFRESH_MS = 60_000;

export interface TargetsWatchOptions {
  collector: Pick<RunningCollector, 'targets' | 'update'>;
  logger: Logger;
  env: Readonly<Record<string, string | undefined>>;
  select?: NodeSelection;
  /** The configuration file and how the CLI turns its text into a configuration (its flags applied). */
  file?: { path: string; parse(text: string): CollectorConfig; initial: CollectorConfig; pollMs?: number };
  server?: { url: string; token: string; refreshMs?: number; timeoutMs?: number; fetch?: typeof fetch };
}

export interface TargetsWatch {
  /** Re-reads both sources now and applies the result (also what the timers do). */
  refresh(): Promise<void>;
  stop(): void;
}

/** The server's node list (unvalidated rows); throws a CollectorError saying whether a retry can help. */
export async function fetchServerNodes(o: NonNullable<TargetsWatchOptions['server']>): Promise<unknown[]> {
  const url = `${o.url.replace(/\/+$/, '')}/api/collector/nodes`;
  const unavailable = (why: string, retryable: boolean, cause?: unknown) =>
    new CollectorError('GCC_ERR_COLLECTOR_TARGETS_UNAVAILABLE', `the server's node list (${url}) could not be read: ${why}`, { retryable, cause });
  let res: Response;
  let text: string;
  try {
    res = await (o.fetch ?? fetch)(url, { headers: { authorization: `Bearer ${o.token}`, accept: 'application/json' }, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
    text = await res.text();
  } catch (err) {
    throw unavailable((err as Error)?.name === 'TimeoutError' ? 'no answer in time' : describeNetworkError(err), true, err);
  }
  let body: { nodes?: unknown; code?: string; message?: string } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // told by the status, or below
  }
  if (res.status === 401 || res.status === 403) {
    throw new CollectorError('GCC_ERR_COLLECTOR_TARGETS_REFUSED', `${url} refused the collector's token (${res.status}${body.code ? ` ${body.code}` : ''}: ${body.message ?? text.slice(0, 200)}): set GCC_COLLECTOR_TOKEN to an OPERATOR or PROVINCIAL_ADMIN token`);
  }
  if (res.status !== 200) throw unavailable(`answered ${res.status}: ${body.message ?? text.slice(0, 200)}`, res.status >= 500 || res.status === 429);
  if (!Array.isArray(body.nodes)) throw unavailable('the answer has no nodes list', false);
  return body.nodes;
}

/** File entries win over the server's for the same id; order: the file's, then the server's others. */
export function mergeTargets(file: readonly Readonly<CollectorNode>[], server: readonly Readonly<CollectorNode>[]): Readonly<CollectorNode>[] {
  const ids = new Set(file.map((n) => n.id));
  return [...file, ...server.filter((n) => !ids.has(n.id))];
}

export function watchTargets(o: TargetsWatchOptions): TargetsWatch {
  let fileNodes: readonly Readonly<CollectorNode>[] = o.file?.initial.nodes ?? [];
  let serverNodes: readonly Readonly<CollectorNode>[] = [];
  let lastText: string | null = null;
  let stopped = false;
  // The last message of each kind of problem: logged again only when it changes.
  const reported = new Map<string, string>();
  const report = (key: string, err: CollectorError | null, what: string) => {
    const message = err?.message ?? null;
    if (reported.get(key) === (message ?? undefined)) return;
    if (err) {
      reported.set(key, err.message);
      // A server still starting (or restarting) is asked again soon: a warning, not an error.
      if (err.retryable) o.logger.warn({ err }, what);
      else o.logger.error({ err }, what);
    } else if (reported.delete(key)) o.logger.info(what);
  };

  const apply = () => {
    const running = o.collector.targets();
    const current = new Map(running.nodes.map((n) => [n.id, n]));
    const nodes: Readonly<CollectorNode>[] = [];
    const credentials = new Map<string, CmpCredentials>();
    const missing = new Map<string, string[]>();
    for (const n of mergeTargets(fileNodes, serverNodes)) {
      if (o.select && !inSelection(n.id, o.select)) continue;
      const c = credentialsFor(n, o.env);
      if (c) {
        nodes.push(n);
        credentials.set(n.id, c);
        continue;
      }
      missing.set(n.credentialRef, [...(missing.get(n.credentialRef) ?? []), n.id]);
      // It cannot be pulled as defined now: the running definition, if any, stays.
      const before = current.get(n.id);
      if (before) {
        nodes.push(before);
        credentials.set(n.id, running.credentials.get(n.id)!);
      }
    }
    const err = missing.size ? missingCredentialError([...missing.keys()]) : null;
    report('credentials', err && new CollectorError(err.code, `${err.message} (nodes ${[...missing.values()].flat().join(', ')}: not pulled as configured)`), err ? 'nodes left as they were' : 'every node has its credentials again');
    const change = o.collector.update({ nodes, credentials });
    if (change.added.length || change.removed.length || change.changed.length) o.logger.info({ ...change, nodes: nodes.length }, 'nodes updated');
  };

  const readConfigFile = async (): Promise<boolean> => {
    if (!o.file) return false;
    let text: string;
    try {
      text = await readFile(o.file.path, 'utf8');
    } catch (err) {
      const e = new CollectorError('GCC_ERR_COLLECTOR_CONFIG_INVALID', `cannot read ${o.file.path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): keeping the last good nodes`, { cause: err });
      report('file', e, 'configuration not reloaded');
      return false;
    }
    if (text === lastText) return false;
    lastText = text;
    let next: CollectorConfig;
    try {
      next = o.file.parse(text);
    } catch (err) {
      const e = err instanceof CollectorError ? err : new CollectorError('GCC_ERR_COLLECTOR_CONFIG_INVALID', `${(err as Error).message}`, { cause: err });
      report('file', new CollectorError(e.code, `${o.file.path}: ${e.message}; keeping the last good nodes`, { cause: err }), 'configuration not reloaded');
      return false;
    }
    report('file', null, `${o.file.path} is valid again`);
    const initial = o.file.initial;
    const fixed = (['vmUrl', 'intervalSeconds', 'serverUrl'] as const).filter((k) => next[k] !== initial[k]);
    if (fixed.length) o.logger.warn({ fields: fixed, file: o.file.path }, 'these settings take effect at the next start; the nodes are reloaded now');
    fileNodes = next.nodes;
    return true;
  };

  const readServer = async (): Promise<boolean> => {
    if (!o.server) return false;
    let rows: unknown[];
    try {
      rows = await fetchServerNodes(o.server);
    } catch (err) {
      report('server', err as CollectorError, "keeping the server's last node list");
      return false;
    }
    report('server', null, "the server's node list is read again");
    const before = new Map(serverNodes.map((n) => [n.id, n]));
    const next: Readonly<CollectorNode>[] = [];
    const problems: string[] = [];
    rows.forEach((row, i) => {
      const id = (row as { id?: unknown })?.id;
      const r = parseCollectorNode(row, `nodes.${typeof id === 'string' ? id : i}`);
      if (r.ok) return void next.push(r.node);
      problems.push(...r.problems);
      const kept = typeof id === 'string' ? before.get(id) : undefined;
      if (kept) next.push(kept);
    });
    const ids = next.map((n) => n.id);
    const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    if (twice.length) problems.push(`nodes: ${twice.join(', ')} listed twice (the first kept)`);
    report('server-rows', problems.length ? new CollectorError('GCC_ERR_COLLECTOR_CONFIG_INVALID', `the server lists invalid nodes, left as they were: ${problems.join('; ')}`) : null, problems.length ? 'server nodes skipped' : "the server's nodes are all valid again");
    serverNodes = next.filter((n, i) => ids.indexOf(n.id) === i);
    return true;
  };

  const refresh = async () => {
    if (stopped) return;
    const [f, s] = await Promise.all([readConfigFile(), readServer()]);
    if ((f || s) && !stopped) apply();
  };

  const timers: NodeJS.Timeout[] = [];
  let watcher: FSWatcher | null = null;
  let debounce: NodeJS.Timeout | undefined;
  if (o.file) {
    const file = basename(o.file.path);
    // Editors replace a file (write a temporary one, rename it over): watch the directory.
    try {
      watcher = watch(dirname(o.file.path), (_event, name) => {
        if (name !== null && name !== file) return;
        clearTimeout(debounce);
        debounce = setTimeout(() => void readConfigFile().then((changed) => changed && !stopped && apply()), 100);
      });
      watcher.on('error', (err) => o.logger.warn({ err }, 'cannot watch the configuration file: polling it'));
    } catch (err) {
      o.logger.warn({ err }, 'cannot watch the configuration file: polling it');
    }
    timers.push(setInterval(() => void readConfigFile().then((changed) => changed && !stopped && apply()), o.file.pollMs ?? TARGETS_FILE_POLL_MS));
  }
  if (o.server) timers.push(setInterval(() => void readServer().then((changed) => changed && !stopped && apply()), o.server.refreshMs ?? TARGETS_SERVER_REFRESH_MS));
  for (const t of timers) t.unref();

  return {
    refresh,
    stop() {
      stopped = true;
      watcher?.close();
      for (const t of timers) clearInterval(t);
      clearTimeout(debounce);
    },
  };
}
