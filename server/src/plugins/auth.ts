/**
 * Authentication and access policy for the GraphQL routes.
 *
 * A request's bearer token (`Authorization: Bearer <token>`; the console sends a kiosk URL's
 * `?token=` this way, the server never reads tokens from URLs, which end up in access logs) is
 * resolved to a viewer before anything else runs. With `required` (GCC_AUTH=on) a request without
 * one is refused with GCC_ERR_AUTH_REQUIRED; without it (development) a request without a token is
 * anonymous, with no access control. A token that is present but bad is refused either way. Field-level rules are
 * mercurius-auth's external policy (modules/access/access-policy.ts).
 *
 * Subscriptions: browsers cannot set headers on a WebSocket, so the token may also come in the
 * connection_init payload (`{ authorization: "Bearer …" }`); the check then happens when a
 * subscription starts.
 *
 * Machine routes (the collectors' REST API) always need a token of one of a few roles, whatever
 * GCC_AUTH says: `requireRole`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import mercuriusAuth from 'mercurius-auth';
import type { RequestContext } from '../context.ts';
import { GccError } from '../errors.ts';
import { accessPolicy, applyAccessPolicy } from '../modules/access/access-policy.ts';
import type { Role } from '../generated/prisma/enums.ts';
import type { TokenResolver } from '../modules/access/access-service.ts';
import { bearerToken } from '../modules/access/access-tokens.ts';
import { ANONYMOUS_VIEWER, NOBODY_VIEWER, type Viewer } from '../modules/access/viewer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the GraphQL routes' authentication; null when the request carried no token. */
    viewer: Viewer | null;
  }
}

export interface AuthOptions {
  /** Every request needs a token (GCC_AUTH=on). */
  required: boolean;
  tokens: TokenResolver;
}

const requiredError = () =>
  new GccError('GCC_ERR_AUTH_REQUIRED', 'this server needs a bearer token: send `Authorization: Bearer <token>` (create one with server/src/cli/create-token.ts)');

export interface Authenticator {
  /** preHandler of the GraphQL routes. */
  authenticate(request: FastifyRequest): Promise<void>;
  /** The viewer for a request's context; anonymous when allowed, NOBODY_VIEWER when a token is needed. */
  viewerOf(request: FastifyRequest): Viewer;
  /** mercurius' subscription onConnect: a token in the connection_init payload. */
  onConnect(data: { payload?: Record<string, unknown> | null }): Promise<{ viewer: Viewer } | boolean>;
}

export function createAuthenticator(options: AuthOptions): Authenticator {
  const fromHeader = async (header: string | undefined): Promise<Viewer | null> => {
    const token = bearerToken(header);
    if (token === undefined) return null;
    if (token === '') throw new GccError('GCC_ERR_AUTH_INVALID_TOKEN', 'the Authorization header must be `Bearer <token>`');
    return options.tokens.resolve(token);
  };
  return {
    async authenticate(request) {
      request.viewer = await fromHeader(request.headers.authorization);
      // A WebSocket upgrade may bring its token in connection_init instead (checked at subscribe).
      if (!request.viewer && options.required && !request.ws) throw requiredError();
    },
    viewerOf(request) {
      return request.viewer ?? (options.required ? NOBODY_VIEWER : ANONYMOUS_VIEWER);
    },
    async onConnect(data) {
      const payload = data.payload ?? {};
      const header = payload.authorization ?? payload.Authorization ?? (typeof payload.token === 'string' ? `Bearer ${payload.token}` : undefined);
      if (typeof header !== 'string') return true;
      try {
        const viewer = await fromHeader(header);
        return viewer ? { viewer } : true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * An onRequest hook for REST routes machines call: a bearer token is required even when GCC_AUTH
 * is off, of a user with one of `roles`, and not read-only when the route writes. Runs before the
 * body is read, so a caller without a token cannot make the server parse a large body. Answers
 * 401 GCC_ERR_AUTH_REQUIRED / GCC_ERR_AUTH_INVALID_TOKEN, 403 GCC_ERR_AUTH_FORBIDDEN /
 * GCC_ERR_AUTH_READ_ONLY, as `{ code, message }`; the viewer is on `request.viewer` afterwards.
 */
export function requireRole(auth: Pick<Authenticator, 'authenticate'>, o: { roles: readonly Role[]; write: boolean; what: string }) {
  const roles = o.roles.join(' or ');
  const refuse = (reply: FastifyReply, code: 'GCC_ERR_AUTH_REQUIRED' | 'GCC_ERR_AUTH_INVALID_TOKEN' | 'GCC_ERR_AUTH_FORBIDDEN' | 'GCC_ERR_AUTH_READ_ONLY', message: string) =>
    reply.code(new GccError(code, message).statusCode!).send({ code, message });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await auth.authenticate(request);
    } catch (err) {
      if (err instanceof GccError && err.code === 'GCC_ERR_AUTH_INVALID_TOKEN') return refuse(reply, err.code, `${o.what}: ${err.message}`);
      // No token on a server that requires one everywhere: answered below, as when GCC_AUTH is off.
      if (!(err instanceof GccError && err.code === 'GCC_ERR_AUTH_REQUIRED')) throw err;
    }
    const viewer = request.viewer;
    if (!viewer) return refuse(reply, 'GCC_ERR_AUTH_REQUIRED', `${o.what} needs the bearer token of a user with role ${roles}: send \`Authorization: Bearer <token>\` (create one with server/src/cli/create-token.ts --role OPERATOR)`);
    if (!viewer.role || !o.roles.includes(viewer.role)) return refuse(reply, 'GCC_ERR_AUTH_FORBIDDEN', `${o.what} needs the token of a user with role ${roles}; "${viewer.username}" is ${viewer.role ?? 'anonymous'}`);
    if (o.write && viewer.readOnly) return refuse(reply, 'GCC_ERR_AUTH_READ_ONLY', `${o.what} writes, and this token is read-only: issue one without --read-only`);
  };
}

/** Registers the field policy (after mercurius) and the subscription check. */
export async function registerAccessPolicy(app: FastifyInstance, typeDefs: string): Promise<void> {
  await app.register(mercuriusAuth, {
    mode: 'external',
    policy: accessPolicy(typeDefs),
    // Our viewer is already on the context; mercurius-auth's own auth context stays unused.
    authContext: () => ({}),
    applyPolicy: (policy: unknown, parent: Record<string, unknown>, args: Record<string, unknown>, context: unknown) => applyAccessPolicy(policy as never, parent, args, context as unknown as RequestContext),
  } as never);
  app.graphql.addHook('preSubscriptionExecution', async (_schema, _document, context) => {
    if ((context as unknown as RequestContext).viewer === NOBODY_VIEWER) throw requiredError();
  });
}
