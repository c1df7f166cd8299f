/**
 * Warning rules as data: each kind's parameters checked by a schema (every problem at once), so a
 * rule the evaluator loads always means what @gcc/domain says its kind means.
 */
import {
  ALERT_RULE_KINDS, ALERT_SEVERITIES, RESOURCES, SECURITY_SEVERITIES, type AlertRuleDefinition, type AlertRuleKind, type AlertScope,
} from '@gcc/domain';
import { z } from 'zod';
import { GccError } from '../../errors.ts';
import { Prisma, type AlertRule } from '../../generated/prisma/client.ts';

const resources = z.array(z.enum(RESOURCES)).min(1);
const seconds = z.number().int().min(0).max(30 * 86_400);

export const PARAM_SCHEMAS = {
  'node-stale': z.object({ staleAfterSeconds: z.number().int().min(60).max(30 * 86_400) }).strict(),
  'capacity-headroom': z.object({ minHeadroom: z.number().gt(0).lt(1), resources }).strict(),
  'capacity-exhaustion': z.object({ withinDays: z.number().gt(0).max(3650), windowDays: z.number().int().min(1).max(365), resources }).strict(),
  'uptake-at-risk': z.object({ statuses: z.array(z.enum(['AT_RISK', 'MISSED'])).min(1) }).strict(),
  'security-critical': z.object({ minSeverity: z.enum(SECURITY_SEVERITIES), threshold: z.number().int().min(0), windowMinutes: z.number().int().min(1).max(30 * 1440) }).strict(),
  'security-silent': z.object({ silentAfterSeconds: z.number().int().min(60).max(30 * 86_400) }).strict(),
} satisfies Record<AlertRuleKind, z.ZodType>;

const scopeSchema = z
  .object({ nodeIds: z.array(z.string().min(1)).optional(), regionCodes: z.array(z.string().regex(/^44\d{4}$/)).optional() })
  .strict()
  .nullable();

export const ruleInputSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes'),
  kind: z.enum(ALERT_RULE_KINDS),
  nameZh: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  severity: z.enum(ALERT_SEVERITIES),
  forSeconds: seconds,
  scope: scopeSchema,
  params: z.unknown(),
  enabled: z.boolean(),
});

function problemsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = ''): string[] {
  return issues.map((i) => `${prefix}${i.path.map(String).join('.') || '(value)'}: ${i.message}`);
}

/** A rule checked as a whole: every problem listed in one GCC_ERR_ALERT_RULE_INVALID. */
export function checkRule(input: unknown): AlertRuleDefinition {
  const base = ruleInputSchema.safeParse(input);
  const problems = base.success ? [] : problemsOf(base.error.issues);
  const kind = (input as { kind?: string } | null)?.kind as AlertRuleKind | undefined;
  const schema = kind && kind in PARAM_SCHEMAS ? PARAM_SCHEMAS[kind] : undefined;
  const params = schema?.safeParse((input as { params?: unknown }).params);
  if (params && !params.success) problems.push(...problemsOf(params.error.issues, 'params.'));
  if (problems.length || !base.success || !params?.success) {
    throw new GccError('GCC_ERR_ALERT_RULE_INVALID', `rule ${(input as { id?: string } | null)?.id ?? '(no id)'} is not valid: ${problems.join('; ')}`);
  }
  return { ...base.data, scope: (base.data.scope ?? null) as AlertScope | null, params: params.data } as AlertRuleDefinition;
}

/** A stored rule as the evaluator uses it; a row edited into nonsense by hand is refused (and logged). */
export function ruleFromRow(row: AlertRule): AlertRuleDefinition {
  return checkRule({
    id: row.id, kind: row.kind, nameZh: row.nameZh, nameEn: row.nameEn, severity: row.severity.toLowerCase(),
    forSeconds: row.forSeconds, scope: row.scope ?? null, params: row.params, enabled: row.enabled,
  });
}

export function ruleToRow(r: AlertRuleDefinition) {
  return {
    id: r.id, kind: r.kind, nameZh: r.nameZh, nameEn: r.nameEn, severity: r.severity.toUpperCase() as 'WARNING' | 'CRITICAL',
    forSeconds: r.forSeconds, scope: r.scope ? (r.scope as never) : Prisma.DbNull, params: r.params as never, enabled: r.enabled,
  };
}
