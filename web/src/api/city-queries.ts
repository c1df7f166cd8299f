/**
 * Query documents of the city dashboard's registry panels: the business-system migration list and
 * the systems per department (server: modules/systems). Database fields only, city detail.
 */
import { defineQuery } from './client.ts';

export type ApiSystemStatus = 'PLANNED' | 'MIGRATING' | 'ON_CLOUD' | 'EXEMPT' | 'CLASSIFIED';
export const SYSTEM_STATUSES: readonly ApiSystemStatus[] = Object.freeze(['PLANNED', 'MIGRATING', 'ON_CLOUD', 'EXEMPT', 'CLASSIFIED']);

export type ApiDepartment = { code: string; nameZh: string; nameEn: string | null };

export type CitySystem = {
  code: string;
  nameZh: string;
  status: ApiSystemStatus;
  nodeId: string | null;
  onCloudAt: string | null;
  department: ApiDepartment;
};

export type SystemsVariables = { code: string; search: string | null; status: ApiSystemStatus | null; offset: number; limit: number };

export const CITY_SYSTEMS_QUERY = defineQuery<{ city: { systems: { total: number; offset: number; limit: number; items: CitySystem[] } } }, SystemsVariables>(
  'CitySystems',
  /* GraphQL */ `
  query CitySystems($code: ID!, $search: String, $status: SystemStatus, $offset: Int, $limit: Int) {
    city(code: $code) {
      systems(search: $search, status: $status, offset: $offset, limit: $limit) {
        total offset limit
        items { code nameZh status nodeId onCloudAt department { code nameZh nameEn } }
      }
    }
  }
`,
);

export type DepartmentSystems = {
  department: ApiDepartment;
  systems: number;
  onCloud: number;
  migrating: number;
  planned: number;
  excluded: number;
};

export const CITY_DEPARTMENTS_QUERY = defineQuery<{ city: { departments: DepartmentSystems[] } }, { code: string }>(
  'CityDepartments',
  /* GraphQL */ `
  query CityDepartments($code: ID!) {
    city(code: $code) {
      departments { department { code nameZh nameEn } systems onCloud migrating planned excluded }
    }
  }
`,
);
