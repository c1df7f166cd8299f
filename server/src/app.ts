/**
 * Builds the fastify app (no listening here: tests call inject, server.ts listens).
 * GraphQL at /graphql; the built console at / when webDist is given; /health for load balancers.
 * The app holds no state of its own beyond short caches, so N replicas can run behind a balancer.
 */
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import type { ServerConfig } from './config.ts';
import { createRequestContext } from './context.ts';
import { ERROR_CODES, GccError } from './errors.ts';
import type { Database } from './infra/db/open-database.ts';
import type { VmClient } from './infra/vm/vm-client.ts';
import { loggerOptions } from './logger.ts';
import { capacityResolvers, capacityTypeDefs } from './modules/capacity/capacity.graphql.ts';
import { credibilityResolvers, credibilityTypeDefs } from './modules/credibility/credibility.graphql.ts';
import { federationResolvers, federationTypeDefs } from './modules/federation/federation.graphql.ts';
import { indicatorsResolvers, indicatorsTypeDefs } from './modules/indicators/indicators.graphql.ts';
import { registerInventoryRoutes } from './modules/inventory/inventory-routes.ts';
import { DEFAULT_POLL_INTERVAL_MS, liveResolvers, liveTypeDefs, registerLiveUpdates, type LiveUpdatesOptions } from './modules/live/live.graphql.ts';
import { milestonesResolvers, milestonesTypeDefs } from './modules/milestones/milestones.graphql.ts';
import { registryResolvers, registryTypeDefs } from './modules/registry/registry.graphql.ts';
import { DateScalar, DateTimeScalar } from './modules/scalars.ts';

export interface AppDeps {
  config: Pick<ServerConfig, 'production' | 'webDist' | 'logLevel'>;
  db: Database;
  vm: VmClient;
  /** The subscription's collection watcher; default: poll every 5 s. */
  liveUpdates?: LiveUpdatesOptions;
}

const schema = [
  registryTypeDefs,
  capacityTypeDefs,
  credibilityTypeDefs,
  federationTypeDefs,
  indicatorsTypeDefs,
  milestonesTypeDefs,
  liveTypeDefs,
].join('\n');

function mergeResolvers(...all: Record<string, Record<string, unknown>>[]) {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const r of all) for (const [type, fields] of Object.entries(r)) merged[type] = { ...merged[type], ...fields };
  return merged;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: loggerOptions(deps.config.logLevel) });

  // Registered here rather than left to mercurius so its limits are ours and app.injectWS (tests) sits on the root.
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 } });
  await app.register(mercurius, {
    schema,
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar as never, Date: DateScalar as never },
      registryResolvers as never,
      capacityResolvers as never,
      credibilityResolvers as never,
      federationResolvers as never,
      indicatorsResolvers as never,
      milestonesResolvers as never,
      liveResolvers as never,
    ) as never,
    subscription: true,
    context: () => createRequestContext(deps.db, deps.vm),
    graphiql: !deps.config.production,
    // Introspection off in production (issue: schema is not advertised to strangers).
    validationRules: deps.config.production ? [(await import('graphql')).NoSchemaIntrospectionCustomRule] : [],
    errorFormatter: (execution, ctx) => {
      const formatted = mercurius.defaultErrorFormatter(execution, ctx);
      const errors = formatted.response.errors?.map((e) => {
        const original = (e as { originalError?: unknown }).originalError;
        if (original instanceof GccError) return { ...e, message: original.message, extensions: { ...e.extensions, code: original.code } };
        return e;
      });
      return { statusCode: formatted.statusCode, response: { ...formatted.response, errors } };
    },
  });

  registerLiveUpdates(app, deps.db, deps.vm, deps.liveUpdates ?? { pollIntervalMs: DEFAULT_POLL_INTERVAL_MS });

  app.get('/health', async () => ({ status: 'ok', database: deps.db.kind }));
  app.get('/api/error-codes', async () => ERROR_CODES);
  registerInventoryRoutes(app, deps.db);

  if (deps.config.webDist && existsSync(deps.config.webDist)) {
    await app.register(fastifyStatic, { root: deps.config.webDist, prefix: '/', wildcard: false });
    // The console is a single-page app: unknown paths that are not API calls get index.html.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/graphql') && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: 'Not Found', message: `no route ${req.method} ${req.url}` });
    });
  }
  return app;
}
