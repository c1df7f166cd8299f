/**
 * Business systems of a city, from the registry: the migration list (search, status, pages) and
 * the count per department. Fields of City, so the access policy scopes them like any city detail.
 */
import type { IResolvers } from 'mercurius';
import type { RequestContext } from '../../context.ts';
import type { SystemStatus } from '../../generated/prisma/enums.ts';
import { cityDepartments, citySystems } from './systems-service.ts';

export const systemsTypeDefs = /* GraphQL */ `
  "Where a business system stands in the migration (DOMAIN.md): EXEMPT and CLASSIFIED are out of scope."
  enum SystemStatus { PLANNED MIGRATING ON_CLOUD EXEMPT CLASSIFIED }

  type Department {
    code: ID!
    nameZh: String!
    nameEn: String
  }

  "A government business system in the registry."
  type BusinessSystem {
    code: ID!
    nameZh: String!
    department: Department!
    status: SystemStatus!
    "The node it runs on (or will run on); null until placed."
    nodeId: ID
    registeredAt: Date!
    migrationStartedAt: Date
    onCloudAt: Date
    excludedAt: Date
    simulated: Boolean!
  }

  "One page of a city's business systems, in code order."
  type SystemPage {
    "Systems matching the search and status, over all pages."
    total: Int!
    offset: Int!
    limit: Int!
    items: [BusinessSystem!]!
  }

  "A department's business systems by migration status (registry counts)."
  type DepartmentSystems {
    department: Department!
    systems: Int!
    onCloud: Int!
    migrating: Int!
    planned: Int!
    "EXEMPT or CLASSIFIED: out of the migration scope."
    excluded: Int!
  }

  extend type City {
    "The city's business systems; search matches code, name or department (case-insensitive). limit 1…100."
    systems(search: String, status: SystemStatus, offset: Int = 0, limit: Int = 20): SystemPage!
    "Systems per department, most on cloud first."
    departments: [DepartmentSystems!]!
  }
`;

interface CityParent {
  code: string;
}

export const systemsResolvers: IResolvers = {
  City: {
    systems: (city: CityParent, args: { search?: string | null; status?: SystemStatus | null; offset?: number | null; limit?: number | null }, ctx: RequestContext) =>
      citySystems(ctx, city.code, args),
    departments: (city: CityParent, _args: unknown, ctx: RequestContext) => cityDepartments(ctx, city.code),
  },
};
