/**
 * Query documents of the city dashboard's registry panels: the business-system migration list and
 * the systems per department (server: modules/systems). Database fields only, city detail.
 */
import { defineQuery } from './client.ts';
import { graphql } from './generated/gql.ts';
import type { SystemStatus } from './generated/graphql.ts';

export type ApiSystemStatus = SystemStatus;
export const SYSTEM_STATUSES: readonly ApiSystemStatus[] = Object.freeze(['PLANNED', 'MIGRATING', 'ON_CLOUD', 'EXEMPT', 'CLASSIFIED']);

export const CITY_SYSTEMS_QUERY = defineQuery(
  graphql(`
    query CitySystems($code: ID!, $search: String, $status: SystemStatus, $offset: Int, $limit: Int) {
      city(code: $code) {
        systems(search: $search, status: $status, offset: $offset, limit: $limit) {
          total offset limit
          items { code nameZh status nodeId onCloudAt department { code nameZh nameEn } }
        }
      }
    }
  `),
);

export const CITY_DEPARTMENTS_QUERY = defineQuery(
  graphql(`
    query CityDepartments($code: ID!) {
      city(code: $code) {
        departments { department { code nameZh nameEn } systems onCloud migrating planned excluded }
      }
    }
  `),
);
