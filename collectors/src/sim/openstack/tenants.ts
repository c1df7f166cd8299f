/**
 * A simulated OpenStack cloud's tenants at an instant: the Keystone projects (the operators' own,
 * and one per business system the registry has on the node, tagged `gcc-system=<code>`) and the
 * Nova servers in them. Each running system's servers add up exactly to its footprint
 * (running-systems.ts), the same figures the docking API and vSphere simulators report, so every
 * kind tells the same story. A system still MIGRATING has its project but no servers yet.
 */
import { SYSTEM_TAG } from '../../inventory/inventory.ts';
import { apportion } from '../apportion.ts';
import { isoDate } from '../dates.ts';
import { hashKeys } from '../prng.ts';
import type { SimulatedProvince } from '../province.ts';
import { systemFootprints } from '../running-systems.ts';
import { statusOn } from '../systems.ts';
import { simUuid } from './ids.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const SERVER_VCPUS = [4, 8, 8, 16, 16, 32] as const;
/** The platform's own servers (monitoring, bastion hosts): in an untagged project. */
const OPS_SERVERS = 3;

export interface SimProject {
  id: string;
  name: string;
  description: string;
  tags: string[];
}

export interface SimFlavor {
  vcpus: number;
  /** MiB */
  ram: number;
  /** GiB */
  disk: number;
}

export interface SimServer {
  id: string;
  name: string;
  projectId: string;
  status: 'ACTIVE' | 'SHUTOFF';
  dc: string;
  created: string;
  flavor: SimFlavor;
}

export interface SimTenants {
  projects: SimProject[];
  /** In Nova's default order: newest first (created_at desc, id desc). */
  servers: SimServer[];
}

/** A named project's id on a node: the same in Keystone, Nova and the quota routes. */
export const simProjectId = (seed: number, nodeId: string, name: string) => simUuid(seed, 'project', nodeId, name).replace(/-/g, '');

/** The collector's project (the token's scope) and the elastic-scheduling project (quota-routes.ts) keep their ids. */
export function operatorProjects(seed: number, nodeId: string, elasticName: string): SimProject[] {
  return [
    { id: simUuid(seed, 'project', nodeId).replace(/-/g, ''), name: 'gcc-monitoring', description: '全省一片云 collector (simulated)', tags: [] },
    { id: simProjectId(seed, nodeId, elasticName), name: elasticName, description: '全省一片云 elastic scheduling (simulated)', tags: [] },
    { id: simProjectId(seed, nodeId, 'ops'), name: 'ops', description: 'platform operations (simulated)', tags: [] },
  ];
}

/** Splits a footprint into servers whose flavors sum to it exactly (whole vCPU, MiB, GiB). */
function splitServers(seed: number, nodeId: string, code: string, vcpu: number, memoryBytes: number, storageBytes: number): SimFlavor[] {
  const sizes: number[] = [];
  for (let left = vcpu, k = 0; left > 0; k++) {
    const size = Math.min(left, SERVER_VCPUS[hashKeys(seed, 'server-size', nodeId, code, k) % SERVER_VCPUS.length]!);
    sizes.push(size);
    left -= size;
  }
  if (!sizes.length) return [];
  const ram = apportion(Math.round(memoryBytes / MiB), sizes);
  const disk = apportion(Math.round(storageBytes / GiB), sizes);
  return sizes.map((v, i) => ({ vcpus: v, ram: ram[i]!, disk: disk[i]! }));
}

export function nodeTenants(province: SimulatedProvince, nodeId: string, t: number, elasticName: string): SimTenants {
  const seed = province.seed;
  const day = isoDate(t);
  const projects = operatorProjects(seed, nodeId, elasticName);
  const servers: SimServer[] = [];
  const ops = projects[2]!;
  const node = province.nodes.find((n) => n.id === nodeId)!;
  for (let k = 0; k < OPS_SERVERS; k++) {
    servers.push({ id: simUuid(seed, 'server', nodeId, 'ops', k), name: `ops-${k + 1}`, projectId: ops.id, status: 'ACTIVE', dc: node.dataCentres[0]!, created: '2019-01-01T00:00:00Z', flavor: { vcpus: 4, ram: 8192, disk: 100 } });
  }
  for (const s of province.systems) {
    if (s.nodeId !== nodeId || statusOn(s, day) !== 'MIGRATING') continue;
    projects.push({ id: simProjectId(seed, nodeId, s.code), name: s.code.toLowerCase(), description: s.nameZh, tags: [`${SYSTEM_TAG}=${s.code}`] });
  }
  for (const f of systemFootprints(province, nodeId, t, (dc) => province.capacityAt(nodeId, dc, t))) {
    const code = f.system.code;
    const id = simProjectId(seed, nodeId, code);
    projects.push({ id, name: code.toLowerCase(), description: f.system.nameZh, tags: [`${SYSTEM_TAG}=${code}`, 'simulated'] });
    const onCloud = f.system.history.find((h) => h.status === 'ON_CLOUD')?.at ?? f.system.registeredAt;
    splitServers(seed, nodeId, code, f.vcpu, f.memoryBytes, f.storageBytes).forEach((flavor, k) => {
      servers.push({
        id: simUuid(seed, 'server', nodeId, code, k),
        name: `${code.toLowerCase()}-${String(k + 1).padStart(2, '0')}`,
        projectId: id,
        // A stopped server still holds its allocation.
        status: hashKeys(seed, 'server-state', nodeId, code, k) % 20 === 0 ? 'SHUTOFF' : 'ACTIVE',
        dc: f.dc,
        created: `${onCloud}T${String(k % 24).padStart(2, '0')}:00:00Z`,
        flavor,
      });
    });
  }
  servers.sort((a, b) => (a.created === b.created ? (a.id < b.id ? 1 : -1) : a.created < b.created ? 1 : -1));
  return { projects, servers };
}

/** A flavor's id and name, the same for the same sizes everywhere. */
export function flavorId(seed: number, f: SimFlavor): string {
  return simUuid(seed, 'flavor', f.vcpus, f.ram, f.disk);
}

export function flavorName(f: SimFlavor): string {
  return `gcc.c${f.vcpus}.m${f.ram}.d${f.disk}`;
}
