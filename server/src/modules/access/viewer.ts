/**
 * Who is asking, and what they may see. A viewer comes from a bearer token (or is anonymous when
 * the server runs with GCC_AUTH=off). Scope is the one rule every policy check reads:
 * province-wide viewers see everything; a city-scoped viewer sees its own city's detail and only
 * the province-wide aggregates, rankings and names of the others.
 */
import { PROVINCE_CODE } from '@gcc/domain';
import type { Role } from '../../generated/prisma/enums.ts';

export interface Viewer {
  /** Null for the anonymous viewer. */
  userId: string | null;
  username: string;
  role: Role | null;
  /** The city whose detail this viewer may see; null = the whole province. */
  cityScope: string | null;
  /** Read-only viewers (kiosks, viewer roles) may not run mutations. */
  readOnly: boolean;
  tokenId: string | null;
  /** A PROVIDER account's provider: it sees that provider's assessment and settlement only. */
  providerId: string | null;
  /** A department's user: it scores providers for that department only. */
  departmentCode: string | null;
}

/**
 * The viewer of a request without a token when GCC_AUTH=off (development, the demo): no access
 * control at all, as if authentication were not there. Production defaults to GCC_AUTH=on.
 */
export const ANONYMOUS_VIEWER: Readonly<Viewer> = Object.freeze({
  userId: null, username: 'anonymous', role: null, cityScope: null, readOnly: false, tokenId: null, providerId: null, departmentCode: null,
});

/**
 * The viewer of a request that needs a token and has none: it never gets to run anything (it is
 * refused first), but error formatting and subscriptions still build a context for it. It sees
 * no city and writes nothing, should anything slip through.
 */
export const NOBODY_VIEWER: Readonly<Viewer> = Object.freeze({
  userId: null, username: 'nobody', role: null, cityScope: '-', readOnly: true, tokenId: null, providerId: null, departmentCode: null,
});

/** Roles bound to one city: their users must have a region code. */
export const CITY_ROLES: readonly Role[] = ['CITY_ADMIN', 'CITY_VIEWER'];
/** Roles that never write, whatever their token says. */
export const READ_ONLY_ROLES: readonly Role[] = ['PROVINCIAL_VIEWER', 'CITY_VIEWER', 'KIOSK'];

/**
 * A user's city scope: city roles are bound to their city; any other role with a city region
 * (e.g. a city hall's kiosk) is bound to it too; provincial roles and users without a city see
 * the whole province.
 */
export function cityScopeOf(role: Role, regionCode: string | null): string | null {
  if (role === 'PROVINCIAL_ADMIN' || role === 'PROVINCIAL_VIEWER') return null;
  return regionCode && regionCode !== PROVINCE_CODE ? regionCode : null;
}

/** Whether the viewer may see the detail of a region (a city code, or the province's 440000). */
export function seesRegion(viewer: Viewer, regionCode: string): boolean {
  return viewer.cityScope === null || viewer.cityScope === regionCode;
}

/** The key under which answers may be shared between viewers: same scope, same answer. */
export function scopeKey(viewer: Viewer): string {
  return viewer.cityScope ?? 'province';
}
