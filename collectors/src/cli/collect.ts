/**
 * Runs the collector: pulls every configured node's CMP on a schedule and writes to VictoriaMetrics.
 *
 *   tsx src/cli/collect.ts --config collectors.json [--once]
 *   tsx src/cli/collect.ts --vm-url http://127.0.0.1:8428 [--interval-seconds 30] \
 *       --node id=city-shaoguan,endpoint=http://127.0.0.1:4100/city-shaoguan/identity/v3,credentialRef=GCC_SIM_CMP_PASSWORD,simulated=true
 *
 * The config file is { vmUrl, intervalSeconds, nodes: [{ id, regionCode, kind, cmpKind, endpoint,
 * credentialRef, simulated }] } (see core/config.ts); VM_URL fills in a missing vmUrl. With --node,
 * regionCode and kind default from the plan's node list, cmpKind to openstack.
 *
 * With --server-url (or `serverUrl` in the config file, or GCC_SERVER_URL), every good pull of a
 * node whose CMP kind can tell which business systems run on it (OpenStack projects, vSphere tags,
 * the docking API's systems) also posts that inventory to the server's /api/inventory/:nodeId.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { nodeDefinition } from '@gcc/domain';
import { resolveConfig } from '../core/config.ts';
import { describeNetworkError } from '../core/net-error.ts';
import { defaultAdapters, type AdapterRegistry } from '../core/adapters.ts';
import { startCollector } from '../core/collector.ts';
import { withInventoryPosting } from '../inventory/post-inventory.ts';
import { CollectorError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { parseInteger, runCli, UsageError } from './run-cli.ts';

const USAGE = 'usage: collect.ts --config FILE.json | --vm-url URL --node id=ID,endpoint=URL[,credentialRef=ENV,simulated=true] [--interval-seconds N] [--server-url URL] [--once]';

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

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --config ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): pass the path of the collector config JSON`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--config ${path} is not valid JSON (${(err as Error).message}): fix the file`);
  }
}

async function checkVm(vmUrl: string): Promise<void> {
  try {
    const res = await fetch(`${new URL(vmUrl).origin}/health`, { signal: AbortSignal.timeout(5000) });
    await res.body?.cancel();
  } catch (err) {
    const reason = describeNetworkError(err);
    throw new CollectorError('GCC_ERR_VM_UNREACHABLE', `VictoriaMetrics at VM_URL=${vmUrl} is unreachable (${reason}): start it or point VM_URL (or the config's vmUrl) at a running one`);
  }
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
        'server-url': { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; ${USAGE}`);
  }
  const { values } = parsed;
  if (!values.config && !values.node?.length) throw new UsageError(`no nodes to collect: pass --config or --node; ${USAGE}`);
  const raw = (values.config ? readConfigFile(values.config) : { nodes: values.node!.map(nodeFromArg) }) as Record<string, unknown>;
  raw.vmUrl = values['vm-url'] ?? raw.vmUrl ?? process.env.VM_WRITE_URL ?? process.env.VM_URL;
  if (values['interval-seconds']) raw.intervalSeconds = parseInteger(values['interval-seconds'], '--interval-seconds', 1, 86_400);
  if (raw.vmUrl === undefined) throw new UsageError(`no VictoriaMetrics URL: pass --vm-url, set vmUrl in the config, or export VM_URL`);

  const serverUrl = values['server-url'] ?? (raw.serverUrl as string | undefined) ?? process.env.GCC_SERVER_URL;
  if (serverUrl !== undefined && !/^https?:\/\/[^/]+/.test(serverUrl)) throw new UsageError(`--server-url (or the config's serverUrl) must be an http(s) URL such as http://127.0.0.1:4000, got "${serverUrl}"`);

  const resolved = resolveConfig(raw, process.env);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info', name: 'collector' });
  await checkVm(resolved.config.vmUrl);
  let adapters: AdapterRegistry | undefined;
  if (serverUrl) adapters = Object.fromEntries(Object.entries(defaultAdapters()).map(([k, a]) => [k, withInventoryPosting(a, { serverUrl })]));
  const collector = startCollector({ ...resolved, logger, ...(adapters ? { adapters } : {}) }, !values.once);
  if (values.once) {
    const outcomes = await collector.collectAll();
    const failed = outcomes.filter((o) => !o.ok);
    console.log(`pulled ${outcomes.length - failed.length}/${outcomes.length} nodes, ${outcomes.reduce((s, o) => s + o.samples, 0)} samples → ${resolved.config.vmUrl}`);
    for (const f of failed) console.error(`error [${f.error!.code}]: ${f.error!.message}`);
    process.exit(failed.length ? 1 : 0);
  }
  logger.info({ vmUrl: resolved.config.vmUrl, intervalSeconds: resolved.config.intervalSeconds, nodes: resolved.config.nodes.map((n) => n.id) }, 'collector started');
  const stop = () => {
    collector.stop();
    logger.info('collector stopped');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
