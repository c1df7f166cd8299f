/**
 * Report definitions: what to report (evaluation or provider assessment), for which region
 * (440000 = the province, or one city), how often, and to whom (report-recipients.ts). Inputs are
 * checked as a whole and every problem is named at once.
 */
import { cityByCode, PROVINCE_CODE, type ReportFrequency, type ReportKind } from '@gcc/domain';
import { GccError } from '../../errors.ts';
import type { PrismaClient, ReportDefinition } from '../../generated/prisma/client.ts';
import type { ReportFrequency as DbFrequency, ReportKind as DbKind } from '../../generated/prisma/enums.ts';
import { recipientProblems } from './report-recipients.ts';

export interface DefinitionInput {
  name?: string;
  kind?: ReportKind;
  frequency?: ReportFrequency;
  regionCode?: string;
  recipients?: string[];
  enabled?: boolean;
  activeFrom?: Date;
}

export const toDbKind = (k: ReportKind): DbKind => (k === 'evaluation' ? 'EVALUATION' : 'PROVIDER_ASSESSMENT');
export const fromDbKind = (k: DbKind): ReportKind => (k === 'EVALUATION' ? 'evaluation' : 'provider-assessment');
export const toDbFrequency = (f: ReportFrequency): DbFrequency => (f === 'ad-hoc' ? 'AD_HOC' : (f.toUpperCase() as DbFrequency));
export const fromDbFrequency = (f: DbFrequency): ReportFrequency => (f === 'AD_HOC' ? 'ad-hoc' : (f.toLowerCase() as ReportFrequency));

const MAX_RECIPIENTS = 50;

export function definitionProblems(input: DefinitionInput, partial: boolean): string[] {
  const problems: string[] = [];
  const need = (field: keyof DefinitionInput) => !partial && input[field] === undefined && problems.push(`${field} is required`);
  need('name');
  need('kind');
  need('frequency');
  need('regionCode');
  if (input.name !== undefined && (!input.name.trim() || input.name.length > 200)) problems.push('name must be 1–200 characters');
  if (input.regionCode !== undefined && input.regionCode !== PROVINCE_CODE && !cityByCode(input.regionCode)) {
    problems.push(`regionCode "${input.regionCode}" is neither the province (440000) nor one of the 21 city codes`);
  }
  if (input.kind === 'provider-assessment' && input.regionCode !== undefined && input.regionCode !== PROVINCE_CODE) {
    problems.push('provider assessment reports are province-wide (regionCode 440000): providers serve several cities');
  }
  if (input.recipients !== undefined && input.recipients.length > MAX_RECIPIENTS) problems.push(`at most ${MAX_RECIPIENTS} recipients`);
  return problems;
}

/** The input's problems and, checked against the users, its recipients' for the region the report will have. */
async function check(prisma: PrismaClient, input: DefinitionInput, partial: boolean): Promise<void> {
  const problems = definitionProblems(input, partial);
  if (input.recipients !== undefined && input.regionCode !== undefined) problems.push(...(await recipientProblems(prisma, input.recipients, input.regionCode)));
  if (problems.length) throw new GccError('GCC_ERR_REPORT_INPUT', `the report definition is not valid: ${problems.join('; ')}`);
}

export async function createDefinition(prisma: PrismaClient, input: DefinitionInput, actor: string): Promise<ReportDefinition> {
  await check(prisma, input, false);
  return prisma.reportDefinition.create({
    data: {
      name: input.name!.trim(),
      kind: toDbKind(input.kind!),
      frequency: toDbFrequency(input.frequency!),
      regionCode: input.regionCode!,
      recipients: (input.recipients ?? []).map((r) => r.trim()),
      enabled: input.enabled ?? true,
      ...(input.activeFrom ? { activeFrom: input.activeFrom } : {}),
      createdBy: actor,
    },
  });
}

export async function requireDefinition(prisma: PrismaClient, id: string): Promise<ReportDefinition> {
  const d = await prisma.reportDefinition.findUnique({ where: { id } });
  if (!d) throw new GccError('GCC_ERR_REPORT_NOT_FOUND', `no report definition with id "${id}"`);
  return d;
}

export async function updateDefinition(prisma: PrismaClient, id: string, input: DefinitionInput): Promise<ReportDefinition> {
  const current = await requireDefinition(prisma, id);
  // The kind/region rule and the recipients are checked against the definition as it will be.
  const recipients = input.recipients ?? (input.regionCode !== undefined ? current.recipients : undefined);
  await check(prisma, { kind: fromDbKind(current.kind), regionCode: current.regionCode, ...input, ...(recipients ? { recipients } : {}) }, true);
  return prisma.reportDefinition.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.kind !== undefined ? { kind: toDbKind(input.kind) } : {}),
      ...(input.frequency !== undefined ? { frequency: toDbFrequency(input.frequency) } : {}),
      ...(input.regionCode !== undefined ? { regionCode: input.regionCode } : {}),
      ...(input.recipients !== undefined ? { recipients: input.recipients.map((r) => r.trim()) } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.activeFrom !== undefined ? { activeFrom: input.activeFrom } : {}),
    },
  });
}
