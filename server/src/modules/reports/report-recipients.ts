/**
 * Who receives a report. A definition's recipients are entries of four kinds:
 *
 *   sheng, user:sheng      a user (console inbox)
 *   role:OPERATOR          every enabled user with the role who may see the report
 *   city:440200            the city bureau: the users of a city role in that city
 *   leader@gd.gov.cn       a mail address (mail with the PDF and XLSX attached)
 *
 * The access rule of report-access.ts holds for recipients too: an entry that could never see the
 * report (a city bureau on the province's report, a provider or kiosk role) is refused when the
 * definition is saved, and a user who can no longer see it when it is delivered (a run when it
 * finishes, a bulletin version when it is published) is recorded as skipped, with the reason,
 * rather than sent the report.
 */
import { cityByCode, PROVINCE_CODE } from '@gcc/domain';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { Role } from '../../generated/prisma/enums.ts';
import { CITY_ROLES, cityScopeOf } from '../access/viewer.ts';
import { canSeeReport } from './report-access.ts';

export type Recipient =
  | { kind: 'user'; entry: string; username: string }
  | { kind: 'role'; entry: string; role: Role }
  | { kind: 'city'; entry: string; cityCode: string }
  | { kind: 'email'; entry: string; address: string };

/** Deliberately plain: one @, a dot in the domain, no spaces or angle brackets (no display names). */
const MAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;
const ROLES = Object.values(Role) as Role[];
/** Roles that see no reports (report-access.ts): never recipients. */
const NO_REPORT_ROLES: readonly Role[] = ['PROVIDER', 'KIOSK'];

/** Parses one entry; a string saying what is wrong when it is not one. */
export function parseRecipient(raw: string): Recipient | string {
  const entry = raw.trim();
  if (!entry || entry.length > 200 || /\s/.test(entry)) return 'must be a username, role:ROLE, city:CODE or a mail address, without spaces';
  const colon = entry.indexOf(':');
  const prefix = colon > 0 ? entry.slice(0, colon).toLowerCase() : '';
  const value = colon > 0 ? entry.slice(colon + 1) : entry;
  if (prefix === 'role') {
    return ROLES.includes(value as Role) ? { kind: 'role', entry, role: value as Role } : `role "${value}" must be one of ${ROLES.join(', ')}`;
  }
  if (prefix === 'city') return cityByCode(value) ? { kind: 'city', entry, cityCode: value } : `city "${value}" is not one of the 21 city codes (e.g. 440200)`;
  if (prefix === 'mail' || (!prefix && entry.includes('@') && MAIL.test(entry))) {
    return MAIL.test(value) ? { kind: 'email', entry, address: value } : `"${value}" is not a mail address`;
  }
  if (prefix === 'user' || !prefix) return value ? { kind: 'user', entry, username: value } : 'user: needs a username';
  return `unknown kind "${prefix}:" (user:, role:, city: or a mail address)`;
}

interface UserRow { username: string; role: Role; regionCode: string | null; disabledAt: Date | null }

const seesAsRecipient = (u: UserRow, regionCode: string) => !u.disabledAt && canSeeReport({ role: u.role, cityScope: cityScopeOf(u.role, u.regionCode) }, regionCode);

const regionText = (regionCode: string) => (regionCode === PROVINCE_CODE ? 'the province-wide report' : `city ${regionCode}'s report`);

/** Every problem with a definition's recipients for a report of `regionCode`, named at once. */
export async function recipientProblems(prisma: PrismaClient, entries: readonly string[], regionCode: string): Promise<string[]> {
  const problems: string[] = [];
  const parsed = entries.map(parseRecipient);
  const usernames = parsed.flatMap((r) => (typeof r !== 'string' && r.kind === 'user' ? [r.username] : []));
  const users = new Map(
    (usernames.length ? await prisma.user.findMany({ where: { username: { in: usernames } }, select: { username: true, role: true, regionCode: true, disabledAt: true } }) : [])
      .map((u) => [u.username, u]),
  );
  parsed.forEach((r, i) => {
    const at = `recipient ${i + 1} ("${entries[i]}")`;
    if (typeof r === 'string') return void problems.push(`${at} ${r}`);
    if (r.kind === 'user') {
      const u = users.get(r.username);
      if (!u) problems.push(`${at}: no user "${r.username}"`);
      else if (!seesAsRecipient(u, regionCode)) problems.push(`${at}: ${u.username} (${u.role}${u.regionCode ? ` of ${u.regionCode}` : ''}) may not see ${regionText(regionCode)}`);
    } else if (r.kind === 'role') {
      if (NO_REPORT_ROLES.includes(r.role)) problems.push(`${at}: role ${r.role} sees no reports`);
      else if (CITY_ROLES.includes(r.role) && regionCode === PROVINCE_CODE) problems.push(`${at}: city users may not see the province-wide report (it holds every city's detail)`);
    } else if (r.kind === 'city' && r.cityCode !== regionCode) {
      problems.push(`${at}: the city bureau of ${r.cityCode} may see its own city's reports only, not ${regionText(regionCode)}`);
    }
  });
  return problems;
}

export interface DeliveryTarget {
  recipient: string;
  channel: 'INBOX' | 'EMAIL';
  address: string;
  /** Set when the entry reaches nobody: the reason, recorded as a skipped delivery. */
  skipped?: string;
}

/**
 * The deliveries a run of a report of `regionCode` makes to these entries, as things are now:
 * each user once (however many entries reach them), each address once.
 */
export async function expandRecipients(prisma: Prisma.TransactionClient, entries: readonly string[], regionCode: string): Promise<DeliveryTarget[]> {
  const out = new Map<string, DeliveryTarget>();
  const add = (t: DeliveryTarget) => {
    const key = `${t.channel} ${t.address}`;
    if (!out.has(key) || out.get(key)!.skipped) out.set(key, t);
  };
  const select = { username: true, role: true, regionCode: true, disabledAt: true } as const;
  for (const raw of entries) {
    const r = parseRecipient(raw);
    if (typeof r === 'string') {
      add({ recipient: raw, channel: 'INBOX', address: raw, skipped: r });
      continue;
    }
    if (r.kind === 'email') {
      add({ recipient: r.entry, channel: 'EMAIL', address: r.address.toLowerCase() });
      continue;
    }
    if (r.kind === 'user') {
      const u = await prisma.user.findUnique({ where: { username: r.username }, select });
      if (!u) add({ recipient: r.entry, channel: 'INBOX', address: r.username, skipped: `no user "${r.username}"` });
      else if (u.disabledAt) add({ recipient: r.entry, channel: 'INBOX', address: u.username, skipped: `${u.username} is disabled` });
      else if (!seesAsRecipient(u, regionCode)) add({ recipient: r.entry, channel: 'INBOX', address: u.username, skipped: `${u.username} (${u.role}) may not see ${regionText(regionCode)}` });
      else add({ recipient: r.entry, channel: 'INBOX', address: u.username });
      continue;
    }
    const users = await prisma.user.findMany({
      where: r.kind === 'role' ? { role: r.role, disabledAt: null } : { regionCode: r.cityCode, role: { in: [...CITY_ROLES] }, disabledAt: null },
      select,
      orderBy: { username: 'asc' },
    });
    const reached = users.filter((u) => seesAsRecipient(u, regionCode));
    for (const u of reached) add({ recipient: r.entry, channel: 'INBOX', address: u.username });
    if (!reached.length) {
      add({ recipient: r.entry, channel: 'INBOX', address: r.entry, skipped: `${r.entry} reaches no enabled user who may see ${regionText(regionCode)}` });
    }
  }
  return [...out.values()];
}
