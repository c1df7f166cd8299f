/**
 * Plausibility of a NodeSnapshot, whichever adapter produced it. A snapshot that breaks a rule is
 * rejected whole: nothing of that pull is written, the node's health series record the failure and
 * its last good values simply age (staleness shows, as in most monitoring systems; we do not
 * re-stamp old values as if they were new).
 *
 * Rules, per data centre and resource (base units: vCPU, bytes):
 *   - total, allocated present and finite numbers ≥ 0; used null or ≥ 0; physical absent or ≥ 0
 *   - allocated and used at most FAR_ABOVE × total (a little above is normal: overcommit changes)
 *   - memory per vCPU of capacity between 1 MiB and 1 TiB (MiB sent as bytes, or bytes × 1024)
 *   - total within a factor UNIT_JUMP of the last good pull's (a unit mistake, not growth)
 * The last good snapshot lives in the collector process: a restart takes the next pull as the
 * reference again.
 */
import { RESOURCES } from '@gcc/domain';
import { CollectorError } from '../errors.ts';
import type { NodeSnapshot } from './cmp-adapter.ts';

export const FAR_ABOVE = 1.5;
export const UNIT_JUMP = 100;
const MiB = 1024 ** 2;
const TiB = 1024 ** 4;

export interface PlausibilityProblem {
  field: string;
  reason: string;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Every rule the snapshot breaks (empty: plausible). `lastGood` is this node's last accepted snapshot. */
export function plausibilityProblems(nodeId: string, snapshot: NodeSnapshot, lastGood: NodeSnapshot | null): PlausibilityProblem[] {
  const problems: PlausibilityProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ field, reason });
  const s = snapshot as Partial<NodeSnapshot> | null | undefined;
  if (!s || typeof s !== 'object') return [{ field: '(snapshot)', reason: 'is missing' }];
  if (s.nodeId !== nodeId) bad('nodeId', `is "${String(s.nodeId)}", expected "${nodeId}"`);
  if (!isNum(s.takenAtMs)) bad('takenAtMs', 'is missing or not a number');
  if (!s.dataCentres || typeof s.dataCentres !== 'object' || !Object.keys(s.dataCentres).length) {
    bad('dataCentres', 'is missing or empty');
    return problems;
  }
  for (const [dc, figures] of Object.entries(s.dataCentres)) {
    const at = `dataCentres["${dc}"]`;
    if (!figures || typeof figures !== 'object') {
      bad(at, 'is missing');
      continue;
    }
    for (const r of RESOURCES) {
      const f = figures[r] as unknown as Partial<Record<string, unknown>> | undefined;
      const p = `${at}.${r}`;
      if (!f || typeof f !== 'object') {
        bad(p, 'is missing');
        continue;
      }
      for (const m of ['total', 'allocated'] as const) {
        if (f[m] === undefined || f[m] === null) bad(`${p}.${m}`, 'is missing');
        else if (!isNum(f[m])) bad(`${p}.${m}`, `is ${String(f[m])}, not a number`);
        else if (f[m] < 0) bad(`${p}.${m}`, `is negative (${f[m]})`);
      }
      if (f.used !== null && f.used !== undefined && (!isNum(f.used) || f.used < 0)) bad(`${p}.used`, `is ${String(f.used)}, not a number ≥ 0`);
      if (f.used === undefined) bad(`${p}.used`, 'is missing (null when the CMP cannot tell)');
      if (f.physical !== undefined && (!isNum(f.physical) || f.physical < 0)) bad(`${p}.physical`, `is ${String(f.physical)}, not a number ≥ 0`);
      if (!isNum(f.total) || f.total < 0) continue;
      for (const m of ['allocated', 'used'] as const) {
        const v = f[m];
        if (isNum(v) && v > f.total * FAR_ABOVE && v > 0) bad(`${p}.${m}`, `is ${v}, far above total ${f.total} (more than ${FAR_ABOVE}×)`);
      }
      const prev = lastGood?.dataCentres[dc]?.[r]?.total;
      if (prev !== undefined && prev > 0 && f.total > 0) {
        const ratio = f.total / prev;
        if (ratio >= UNIT_JUMP || ratio <= 1 / UNIT_JUMP) {
          bad(`${p}.total`, `jumped ${ratio >= 1 ? Math.round(ratio) : `1/${Math.round(1 / ratio)}`}× from the last good value ${prev} to ${f.total}: a unit mistake (e.g. MiB vs bytes)?`);
        }
      }
    }
    const vcpu = figures.vcpu?.total;
    const mem = figures.memory?.total;
    if (isNum(vcpu) && isNum(mem) && vcpu > 0 && mem > 0) {
      const perVcpu = mem / vcpu;
      if (perVcpu < MiB || perVcpu > TiB) bad(`${at}.memory.total`, `is ${mem} bytes for ${vcpu} vCPU (${perVcpu.toFixed(0)} bytes per vCPU): memory must be in bytes, not MiB or KiB`);
    }
  }
  return problems;
}

/** Throws GCC_ERR_CMP_IMPLAUSIBLE naming the node and the fields when any rule is broken. */
export function assertPlausible(nodeId: string, snapshot: NodeSnapshot, lastGood: NodeSnapshot | null): void {
  const problems = plausibilityProblems(nodeId, snapshot, lastGood);
  if (!problems.length) return;
  const shown = problems.slice(0, 5).map((p) => `${p.field} ${p.reason}`).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  throw new CollectorError('GCC_ERR_CMP_IMPLAUSIBLE', `implausible figures, nothing of this pull is written: ${shown}${more}`, { node: nodeId });
}
