/**
 * A city's business systems from the registry (database only): the migration list with search and
 * status filter, paginated, and the count per department. Access control is the City type's: these
 * are detail fields, so a city user reads its own city's only (modules/access/access-policy.ts).
 */
import type { Prisma } from '../../generated/prisma/client.ts';
import type { SystemStatus } from '../../generated/prisma/enums.ts';
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';

export const MAX_PAGE = 100;
const MAX_SEARCH = 100;

export interface SystemsQuery {
  search?: string | null;
  status?: SystemStatus | null;
  offset?: number | null;
  limit?: number | null;
}

function whereOf(regionCode: string, q: SystemsQuery): Prisma.BusinessSystemWhereInput {
  const search = q.search?.trim() ?? '';
  if (search.length > MAX_SEARCH) throw new GccError('GCC_ERR_INPUT_SYSTEMS_PAGE', `search is at most ${MAX_SEARCH} characters`);
  return {
    regionCode,
    ...(q.status ? { status: q.status } : {}),
    // Case-insensitive "contains" on the system's code and name and its department's name.
    ...(search
      ? {
          OR: [
            { code: { contains: search, mode: 'insensitive' } },
            { nameZh: { contains: search, mode: 'insensitive' } },
            { department: { nameZh: { contains: search, mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
}

export async function citySystems(ctx: RequestContext, regionCode: string, q: SystemsQuery) {
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 20;
  if (!Number.isInteger(offset) || offset < 0) throw new GccError('GCC_ERR_INPUT_SYSTEMS_PAGE', 'offset must be an integer ≥ 0');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new GccError('GCC_ERR_INPUT_SYSTEMS_PAGE', `limit must be an integer 1…${MAX_PAGE}`);
  const where = whereOf(regionCode, q);
  const [total, rows] = await Promise.all([
    ctx.db.prisma.businessSystem.count({ where }),
    ctx.db.prisma.businessSystem.findMany({
      where,
      orderBy: [{ code: 'asc' }],
      skip: offset,
      take: limit,
      include: { department: { select: { code: true, nameZh: true, nameEn: true } } },
    }),
  ]);
  return { total, offset, limit, items: rows };
}

export interface DepartmentSystems {
  department: { code: string; nameZh: string; nameEn: string | null };
  systems: number;
  onCloud: number;
  migrating: number;
  planned: number;
  excluded: number;
}

/** Systems per department of a city, most systems on cloud first. */
export async function cityDepartments(ctx: RequestContext, regionCode: string): Promise<DepartmentSystems[]> {
  const [departments, groups] = await Promise.all([
    ctx.db.prisma.department.findMany({ where: { regionCode }, select: { code: true, nameZh: true, nameEn: true } }),
    ctx.db.prisma.businessSystem.groupBy({ by: ['departmentCode', 'status'], where: { regionCode }, _count: { _all: true } }),
  ]);
  const byCode = new Map<string, DepartmentSystems>(
    departments.map((d) => [d.code, { department: d, systems: 0, onCloud: 0, migrating: 0, planned: 0, excluded: 0 }]),
  );
  for (const g of groups) {
    const row = byCode.get(g.departmentCode);
    if (!row) continue;
    const n = g._count._all;
    row.systems += n;
    if (g.status === 'ON_CLOUD') row.onCloud += n;
    else if (g.status === 'MIGRATING') row.migrating += n;
    else if (g.status === 'PLANNED') row.planned += n;
    else row.excluded += n;
  }
  return [...byCode.values()]
    .filter((r) => r.systems > 0)
    .sort((a, b) => b.onCloud - a.onCloud || b.systems - a.systems || a.department.code.localeCompare(b.department.code));
}
