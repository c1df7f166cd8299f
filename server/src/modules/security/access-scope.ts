/**
 * Who is asking, for security events and alerts: a city user sees its own city's nodes only;
 * province roles see everything. The user comes from the request context that the access module
 * (server/src/plugins, modules/access) attaches as `ctx.user`; this file reads it structurally so
 * the two modules share no code, and it is the only place these rules live. Without a user (no
 * authentication configured, tests) the request is province-wide and acts as "anonymous".
 */
import type { RequestContext } from '../../context.ts';
import { GccError } from '../../errors.ts';

/** What this module needs of the access module's user. */
export interface ScopedUser {
  username: string;
  role: string;
  regionCode: string | null;
}

export const CITY_ROLES: readonly string[] = ['CITY_ADMIN', 'CITY_VIEWER'];
/** Roles that may change security and alerting data (tokens, rules, silences, webhooks). */
export const PROVINCE_WRITE_ROLES: readonly string[] = ['PROVINCIAL_ADMIN', 'OPERATOR'];

export interface AccessScope {
  /** Who mutations are recorded as. */
  actor: string;
  /** null = the whole province; otherwise only nodes in these cities. */
  regionCodes: readonly string[] | null;
  /** May change province-wide configuration. */
  provinceWrite: boolean;
  /** May change anything at all (acknowledge, close events). */
  write: boolean;
}

export function userOf(ctx: object): ScopedUser | null {
  const u = (ctx as { user?: unknown }).user as Partial<ScopedUser> | null | undefined;
  return u && typeof u.username === 'string' && typeof u.role === 'string' ? { username: u.username, role: u.role, regionCode: u.regionCode ?? null } : null;
}

export function accessScope(ctx: object): AccessScope {
  const user = userOf(ctx);
  if (!user) {
    // No user: anonymous (GCC_AUTH=off) unless the access module says this viewer is bound to a
    // city or read-only (e.g. its "nobody" viewer of a refused request): never widen that.
    const viewer = (ctx as { viewer?: { username?: string; cityScope?: string | null; readOnly?: boolean } }).viewer;
    const city = viewer?.cityScope ?? null;
    const readOnly = viewer?.readOnly ?? false;
    return { actor: viewer?.username ?? 'anonymous', regionCodes: city === null ? null : [city], provinceWrite: !readOnly && city === null, write: !readOnly };
  }
  // The access module maps a user to its city scope (regionCode); a city role without a city sees nothing.
  const regionCodes = user.regionCode ? [user.regionCode] : CITY_ROLES.includes(user.role) ? [] : null;
  return {
    actor: user.username,
    regionCodes,
    provinceWrite: regionCodes === null && PROVINCE_WRITE_ROLES.includes(user.role),
    write: user.role !== 'KIOSK' && !user.role.endsWith('_VIEWER') && user.role !== 'PROVIDER',
  };
}

export function canSeeRegion(scope: AccessScope, regionCode: string): boolean {
  return scope.regionCodes === null || scope.regionCodes.includes(regionCode);
}

/** Node ids this request may see, in registry order. */
export async function visibleNodeIds(ctx: RequestContext, scope = accessScope(ctx)): Promise<string[]> {
  return (await ctx.loaders.allNodes()).filter((n) => canSeeRegion(scope, n.regionCode)).map((n) => n.id);
}

/** The node, if this request may see it; a node of another city is refused, not hidden. */
export async function requireVisibleNode(ctx: RequestContext, nodeId: string) {
  const node = (await ctx.loaders.allNodes()).find((n) => n.id === nodeId);
  if (!node) throw new GccError('GCC_ERR_INPUT_UNKNOWN_NODE', `no node with id "${nodeId}"`);
  if (!canSeeRegion(accessScope(ctx), node.regionCode)) throw new GccError('GCC_ERR_SECURITY_FORBIDDEN', `node ${nodeId} belongs to another city`);
  return node;
}

export function requireCityVisible(ctx: RequestContext, code: string): void {
  if (!canSeeRegion(accessScope(ctx), code)) throw new GccError('GCC_ERR_SECURITY_FORBIDDEN', `city ${code} is not yours`);
}

export function requireWrite(ctx: RequestContext, provinceWide: boolean): AccessScope {
  const scope = accessScope(ctx);
  if (!scope.write || (provinceWide && !scope.provinceWrite)) {
    throw new GccError('GCC_ERR_SECURITY_FORBIDDEN', provinceWide ? 'only provincial administrators and operators may change this' : 'this user may not change security data or alerts');
  }
  return scope;
}
