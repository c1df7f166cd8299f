/**
 * Runs the collector: pulls every configured node's CMP on a schedule and writes to VictoriaMetrics.
 *
 *   tsx src/cli/collect.ts --config collectors.json [--once] [--shard 2/4 | --nodes a,b]
 *       [--buffer-dir DIR] [--buffer-max-mb 512] [--status-port [HOST:]PORT]
 *   tsx src/cli/collect.ts --vm-url http://127.0.0.1:8428 [--interval-seconds 30] \
 *       --node id=city-shaoguan,endpoint=http://127.0.0.1:4100/city-shaoguan/identity/v3,credentialRef=GCC_SIM_CMP_PASSWORD,simulated=true
 *   tsx src/cli/collect.ts --config collectors.json --nodes city-shaoguan --record DIR   (one pull, every exchange saved)
 *   tsx src/cli/collect.ts --replay DIR                                                 (offline, prints the snapshots)
 *
 * The config file is { vmUrl, intervalSeconds, serverUrl?, nodes: [{ id, regionCode, kind, cmpKind,
 * endpoint, credentialRef, simulated }] } (see core/config.ts); VM_URL fills in a missing vmUrl. With
 * --node, regionCode and kind default from the plan's node list, cmpKind to openstack.
 *
 * Nodes change without a restart (core/targets.ts): the config file is re-read when it changes,
 * and with a server URL (--server-url, the config's serverUrl or GCC_SERVER_URL) and the collector's
 * API token in GCC_COLLECTOR_TOKEN, the server's registry adds its nodes, and each node's
 * business-system inventory is posted there after its pulls.
 *
 * The disk buffer is on when --buffer-dir is given or GCC_DATA_DIR is set (then
 * $GCC_DATA_DIR/collector-buffer); VM_RETENTION (VictoriaMetrics' -retentionPeriod, default 100y)
 * sets which timestamps are too old to send.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nodeDefinition } from '@gcc/domain';
import { defaultAdapters } from '../core/adapters.ts';
import { createBufferedWriter, type BufferedVmWriter } from '../core/buffered-writer.ts';
import { parseCollectorConfig, resolveConfig } from '../core/config.ts';
import { recordCollection, replayRecording, type DebugResult } from '../core/debug-collection.ts';
import { openDiskBuffer } from '../core/disk-buffer.ts';
import { describeNetworkError } from '../core/net-error.ts';
import { startCollector } from '../core/collector.ts';
import { watchTargets } from '../core/targets.ts';
import { parseRetention } from '../core/sample-guard.ts';
import { parseShard, type NodeSelection } from '../core/shard.ts';
import { buildStatusApp } from '../core/status-server.ts';
import { createVmWriter } from '../core/vm-writer.ts';
import { CollectorError } from '../errors.ts';
import { withInventoryPostingAll } from '../inventory/post-inventory.ts';
import { createLogger } from '../log.ts';
import { parseInteger, runCli, UsageError } from './run-cli.ts';

/** How long SIGTERM/SIGINT waits for pulls under way to finish and write before exiting. */
const STOP_GRACE_MS = 30_000;

const USAGE =
  'usage: collect.ts --config FILE.json | --vm-url URL --node id=ID,endpoint=URL[,credentialRef=ENV,simulated=true] [--interval-seconds N] [--once] ' +
  '[--server-url URL] [--shard I/N] [--nodes a,b] [--buffer-dir DIR] [--buffer-max-mb N] [--status-port [HOST:]PORT] [--record DIR] | --replay DIR';

function nodeFromArg(arg: string): Record<string, unknown> {
  const fields: Record<string, string> = {};
  for (const part of arg.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`--node "${arg}": expected key=value pairs separated by commas; ${USAGE}`);
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  if (!fields.id || !fields.endpoint) throw new UsageError(`--node "${arg}" needs id= and endpoint=; ${USAGE}`);
  const def = nodeDefinition(fields.id);
  return {
    id: fields.id,
    regionCode: fields.regionCode ?? def?.regionCode,
    kind: fields.kind ?? def?.kind,
    cmpKind: fields.cmpKind ?? 'openstack',
    endpoint: fields.endpoint,
    credentialRef: fields.credentialRef ?? 'GCC_CMP_PASSWORD',
    simulated: fields.simulated === 'true',
    ...(def ? { dataCentres: def.dataCentres.map((d) => d.code) } : {}),
  };
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --config ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): pass the path of the collector config JSON`);
  }
}

function parseConfigJson(text: string, path: string): Record<string, unknown> {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CollectorError('GCC_ERR_COLLECTOR_CONFIG_INVALID', `--config ${path} is not valid JSON (${(err as Error).message}): fix the file`);
  }
}

async function checkVm(vmUrl: string): Promise<CollectorError | null> {
  try {
    const res = await fetch(`${new URL(vmUrl).origin}/health`, { signal: AbortSignal.timeout(5000) });
    await res.body?.cancel();
    return null;
  } catch (err) {
    const reason = describeNetworkError(err);
    return new CollectorError('GCC_ERR_VM_UNREACHABLE', `VictoriaMetrics at VM_URL=${vmUrl} is unreachable (${reason}): start it or point VM_URL (or the config's vmUrl) at a running one`);
  }
}

function printResults(results: DebugResult[]): never {
  console.log(JSON.stringify({ simulatedNote: 'figures in base units: vCPU, bytes', nodes: results }, null, 2));
  for (const r of results.filter((x) => !x.ok)) console.error(`error [${r.error!.code}]: ${r.error!.message}`);
  process.exit(results.some((r) => !r.ok) ? 1 : 0);
}

function parseListen(raw: string): { host: string; port: number } {
  const m = raw.match(/^(?:(.+):)?(\d+)$/);
  if (!m) throw new UsageError(`--status-port must be PORT or HOST:PORT, got "${raw}"`);
  return { host: m[1] ?? '127.0.0.1', port: parseInteger(m[2]!, '--status-port', 0, 65535) };
}

runCli(async () => {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        config: { type: 'string' },
        'vm-url': { type: 'string' },
        'interval-seconds': { type: 'string' },
        node: { type: 'string', multiple: true },
        once: { type: 'boolean', default: false },
        shard: { type: 'string' },
        nodes: { type: 'string' },
        'buffer-dir': { type: 'string' },
        'buffer-max-mb': { type: 'string' },
        'status-port': { type: 'string' },
        'server-url': { type: 'string' },
        record: { type: 'string' },
        replay: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; ${USAGE}`);
  }
  const { values } = parsed;
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info', name: 'collector' });
  if (values.replay) {
    if (values.record || values.config || values.node?.length) throw new UsageError(`--replay needs nothing but the recording directory; ${USAGE}`);
    printResults(await replayRecording({ dir: values.replay, adapters: defaultAdapters(), logger }));
  }
  if (!values.config && !values.node?.length) throw new UsageError(`no nodes to collect: pass --config or --node; ${USAGE}`);
  const token = process.env.GCC_COLLECTOR_TOKEN || undefined;
  const intervalSeconds = values['interval-seconds'] ? parseInteger(values['interval-seconds'], '--interval-seconds', 1, 86_400) : undefined;
  // The flags and environment over the file's fields: at start and at every reload alike.
  const serverUrlOf = (raw: Record<string, unknown>) => (values.record ? undefined : (values['server-url'] ?? raw.serverUrl ?? process.env.GCC_SERVER_URL));
  const withFlags = (raw: Record<string, unknown>) => {
    raw.vmUrl = values['vm-url'] ?? raw.vmUrl ?? process.env.VM_WRITE_URL ?? process.env.VM_URL;
    if (intervalSeconds !== undefined) raw.intervalSeconds = intervalSeconds;
    // A recording writes nothing to VictoriaMetrics nor to the server.
    if (values.record) raw.vmUrl ??= 'http://127.0.0.1:8428';
    // Without the token the server would refuse the collector: it is not asked at all.
    raw.serverUrl = token ? serverUrlOf(raw) : undefined;
    return raw;
  };
  const file = values.config ? parseConfigJson(readConfigFile(values.config), values.config) : { nodes: values.node!.map(nodeFromArg) };
  const serverWithoutToken = !token ? serverUrlOf(file) : undefined;
  const raw = withFlags(file);
  if (raw.vmUrl === undefined) throw new UsageError(`no VictoriaMetrics URL: pass --vm-url, set vmUrl in the config, or export VM_URL`);
  if (serverWithoutToken !== undefined) {
    if (Array.isArray(raw.nodes) && !raw.nodes.length) throw new UsageError(`the configuration lists no nodes and GCC_COLLECTOR_TOKEN is not set, so the server cannot list them: export the collector's API token`);
    logger.warn({ serverUrl: serverWithoutToken }, 'GCC_COLLECTOR_TOKEN is not set: no nodes from the server and no inventory posts (create an OPERATOR token with server/src/cli/create-token.ts)');
  }
  const select: NodeSelection = {
    ...(values.shard ? { shard: parseShard(values.shard) } : {}),
    ...(values.nodes ? { nodeIds: values.nodes.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
  };
  let retentionMs: number | undefined;
  try {
    retentionMs = process.env.VM_RETENTION ? parseRetention(process.env.VM_RETENTION) : undefined;
  } catch (err) {
    throw new UsageError(`VM_RETENTION: ${(err as Error).message}`);
  }
  const statusListen = values['status-port'] ? parseListen(values['status-port']) : null;
  const bufferMaxBytes = values['buffer-max-mb'] ? parseInteger(values['buffer-max-mb'], '--buffer-max-mb', 1, 1_048_576) * 1024 ** 2 : undefined;

  const resolved = resolveConfig(raw, process.env, select);
  if (values.record) {
    printResults(await recordCollection({ dir: values.record, nodes: resolved.config.nodes, credentials: resolved.credentials, adapters: defaultAdapters(), logger }));
  }

  const bufferDir = values['buffer-dir'] ?? (process.env.GCC_DATA_DIR ? join(process.env.GCC_DATA_DIR, 'collector-buffer') : undefined);
  const vmDown = await checkVm(resolved.config.vmUrl);
  if (vmDown && !bufferDir) throw vmDown;
  if (vmDown) logger.warn({ err: vmDown }, 'VictoriaMetrics does not answer yet: samples go to the disk buffer until it does');
  const http = createVmWriter({ vmUrl: resolved.config.vmUrl, logger, ...(retentionMs ? { retentionMs } : {}) });
  let buffered: BufferedVmWriter | null = null;
  if (bufferDir) {
    const buffer = await openDiskBuffer({ dir: bufferDir, logger, ...(bufferMaxBytes ? { maxBytes: bufferMaxBytes } : {}) });
    buffered = createBufferedWriter({ inner: http, buffer, logger, ...(retentionMs ? { retentionMs } : {}) });
  }
  const server = resolved.config.serverUrl && token ? { url: resolved.config.serverUrl, token } : null;
  const posting = server ? withInventoryPostingAll(defaultAdapters(), { serverUrl: server.url, token: server.token }) : null;
  const collector = startCollector({ ...resolved, logger, adapters: posting?.adapters ?? defaultAdapters(), writer: buffered ?? http }, !values.once);
  const configPath = values.config;
  const targets = watchTargets({
    collector,
    logger,
    env: process.env,
    select,
    ...(configPath ? { file: { path: configPath, initial: resolved.config, parse: (text: string) => parseCollectorConfig(withFlags(parseConfigJson(text, configPath))) } } : {}),
    ...(server ? { server } : {}),
  });
  // The server's nodes before the first pulls (a server still starting is asked again later).
  await targets.refresh();
  const statusApp = statusListen ? buildStatusApp(() => collector.status()) : null;
  if (statusApp && statusListen) {
    try {
      await statusApp.listen(statusListen);
    } catch (err) {
      if ((err as { code?: string }).code === 'EADDRINUSE') throw new UsageError(`--status-port ${values['status-port']} is in use: pass another port`);
      throw err;
    }
    const a = statusApp.server.address();
    logger.info({ url: `http://${statusListen.host}:${typeof a === 'object' && a ? a.port : statusListen.port}/status` }, 'status endpoint listening');
  }
  if (values.once) {
    targets.stop();
    const outcomes = await collector.collectAll();
    await posting?.idle();
    const failed = outcomes.filter((o) => !o.ok);
    console.log(`pulled ${outcomes.length - failed.length}/${outcomes.length} nodes, ${outcomes.reduce((s, o) => s + o.samples, 0)} samples → ${resolved.config.vmUrl}`);
    for (const f of failed) console.error(`error [${f.error!.code}]: ${f.error!.message}`);
    let left = false;
    if (buffered) {
      left = !(await buffered.drained(30_000));
      if (left) console.error(`error [GCC_ERR_VM_UNREACHABLE]: ${buffered.stats().bytes} bytes stay buffered in ${bufferDir}: the next run replays them`);
      await buffered.close();
    }
    await statusApp?.close();
    process.exit(failed.length || left ? 1 : 0);
  }
  logger.info(
    { vmUrl: resolved.config.vmUrl, intervalSeconds: resolved.config.intervalSeconds, nodes: collector.targets().nodes.map((n) => n.id), serverUrl: server?.url ?? null, bufferDir: bufferDir ?? null },
    'collector started',
  );
  const stop = () => {
    targets.stop();
    // Pulls under way finish and write first (each is bounded by its deadline, under one interval).
    const pullsDone = collector.stop();
    const grace = new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
    void Promise.race([pullsDone, grace])
      .then(() => Promise.all([buffered?.close(), statusApp?.close()]))
      .finally(() => {
        logger.info('collector stopped');
        process.exit(0);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
