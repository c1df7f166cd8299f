/** Keystone v3 password authentication with a service catalog listing the node's services. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { simUuid } from './ids.ts';
import { keystoneError } from './error-bodies.ts';
import type { SimContext } from './context.ts';

interface PasswordAuthBody {
  auth?: {
    identity?: {
      methods?: unknown;
      password?: { user?: { name?: unknown; id?: unknown; password?: unknown; domain?: { name?: unknown; id?: unknown } } };
    };
    scope?: { project?: { name?: unknown; domain?: unknown } };
  };
}

function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function keystoneRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get<{ Params: { nodeId: string } }>('/:nodeId/identity/v3', async (request) => ({
    version: {
      id: 'v3.14',
      status: 'stable',
      updated: '2020-04-07T00:00:00Z',
      links: [{ rel: 'self', href: `${ctx.baseUrl(request)}/${request.params.nodeId}/identity/v3/` }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
    },
  }));

  app.post<{ Params: { nodeId: string }; Body: PasswordAuthBody }>('/:nodeId/identity/v3/auth/tokens', async (request, reply) => {
    const { nodeId } = request.params;
    const identity = request.body?.auth?.identity;
    const user = identity?.password?.user;
    if (!identity || !Array.isArray(identity.methods) || !identity.methods.includes('password') || !user) {
      return reply
        .code(400)
        .send(keystoneError(400, 'Expecting to find identity in auth. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.'));
    }
    if (user.name !== ctx.credentials.username || user.password !== ctx.credentials.password) {
      return reply.code(401).send(keystoneError(401, 'The request you have made requires authentication.'));
    }
    const projectName = typeof request.body.auth?.scope?.project?.name === 'string' ? request.body.auth.scope.project.name : (ctx.credentials.projectName ?? 'gcc-monitoring');
    if (ctx.credentials.projectName && projectName !== ctx.credentials.projectName) {
      return reply.code(401).send(keystoneError(401, 'The request you have made requires authentication.'));
    }
    const { token, issuedAt, expiresAt } = ctx.issueToken(nodeId);
    const base = `${ctx.baseUrl(request)}/${nodeId}`;
    const region = `gd-${nodeId}`;
    const service = (type: string, name: string, url: string) => ({
      id: simUuid(ctx.province.seed, 'service', nodeId, type).replace(/-/g, ''),
      type,
      name,
      endpoints: ['public', 'internal'].map((iface) => ({
        id: simUuid(ctx.province.seed, 'endpoint', nodeId, type, iface).replace(/-/g, ''),
        interface: iface,
        region,
        region_id: region,
        url,
      })),
    });
    const domain = { id: 'default', name: 'Default' };
    return reply
      .code(201)
      .header('x-subject-token', token)
      .send({
        token: {
          methods: ['password'],
          user: { domain, id: simUuid(ctx.province.seed, 'user', nodeId).replace(/-/g, ''), name: ctx.credentials.username, password_expires_at: null },
          audit_ids: [randomUUID().replace(/-/g, '').slice(0, 22)],
          expires_at: isoMicros(expiresAt),
          issued_at: isoMicros(issuedAt),
          project: { domain, id: simUuid(ctx.province.seed, 'project', nodeId).replace(/-/g, ''), name: projectName },
          is_domain: false,
          roles: [{ id: simUuid(ctx.province.seed, 'role', 'reader').replace(/-/g, ''), name: 'reader' }],
          catalog: [
            service('identity', 'keystone', `${base}/identity/v3`),
            service('compute', 'nova', `${base}/compute/v2.1`),
            service('placement', 'placement', `${base}/placement`),
            // Not an OpenStack service: the deployment's Prometheus, registered by the operators.
            service('monitoring', 'prometheus', `${base}/monitoring`),
          ],
        },
      });
  });
}
