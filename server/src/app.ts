/**
 * Builds the fastify app (no listening here: tests call inject, server.ts listens).
 * GraphQL at /graphql; the built console at / when webDist is given; /health for load balancers.
 * The app holds no state of its own beyond short caches, so N replicas can run behind a balancer.
 *
 * Every GraphQL request goes: POST only → authenticate (plugins/auth.ts) → batch size → shared
 * answer cache (plugins/response-cache.ts) → request timeout → mercurius (validation with the query
 * limits, then execution under the access policy).
 */
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { mercuriusFederationPlugin } from '@mercuriusjs/federation';
import Fastify, { type FastifyInstance, type FastifyRequest, type RouteShorthandOptions } from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import mercurius, { type MercuriusOptions } from 'mercurius';
import { DEFAULT_LIMITS, type ServerConfig } from './config.ts';
import { createRequestContext, type RequestContext } from './context.ts';
import { ERROR_CODES, GccError } from './errors.ts';
import type { Database } from './infra/db/open-database.ts';
import type { VmClient } from './infra/vm/vm-client.ts';
import { loggerOptions } from './logger.ts';
import { accessResolvers, accessTypeDefs } from './modules/access/access.graphql.ts';
import { createTokenResolver } from './modules/access/access-service.ts';
import { capacityResolvers, capacityTypeDefs } from './modules/capacity/capacity.graphql.ts';
import { credibilityResolvers, credibilityTypeDefs } from './modules/credibility/credibility.graphql.ts';
import { federationResolvers, federationTypeDefs } from './modules/federation/federation.graphql.ts';
import { indicatorsResolvers, indicatorsTypeDefs } from './modules/indicators/indicators.graphql.ts';
import { registerInventoryRoutes } from './modules/inventory/inventory-routes.ts';
import { DEFAULT_POLL_INTERVAL_MS, liveResolvers, liveTypeDefs, registerLiveUpdates, type LiveUpdatesOptions } from './modules/live/live.graphql.ts';
import { milestonesResolvers, milestonesTypeDefs } from './modules/milestones/milestones.graphql.ts';
import { registryResolvers, registryTypeDefs } from './modules/registry/registry.graphql.ts';
import { providersResolvers, providersTypeDefs } from './modules/providers/providers.graphql.ts';
import { registerReports, type ReportsOptions } from './modules/reports/reports-plugin.ts';
import { reportsResolvers, reportsTypeDefs } from './modules/reports/reports.graphql.ts';
import { DateScalar, DateTimeScalar } from './modules/scalars.ts';
import { systemsResolvers, systemsTypeDefs } from './modules/systems/systems.graphql.ts';
import { alertingTypeDefs } from './modules/alerting/alerting.graphql.ts';
import { createAlertingModule, type AlertingModule, type AlertingOptions } from './modules/alerting/alerting-module.ts';
import { createSchedulingModule, schedulingTypeDefs, type SchedulingModuleOptions } from './modules/scheduling/scheduling-module.ts';
import { securityTypeDefs } from './modules/security/security.graphql.ts';
import { createSecurityModule, type SecurityModule, type SecurityOptions } from './modules/security/security-module.ts';
import { createAuthenticator, registerAccessPolicy } from './plugins/auth.ts';
import { checkBatchSize, queryLimitRules, startRequestTimeout } from './plugins/query-limits.ts';
import { createResponseCache } from './plugins/response-cache.ts';
import { subgraphResolvers, subgraphTypeDefs } from './plugins/subgraph.ts';

export interface AppDeps {
  /**
   * The server's configuration (config.ts). Omitted fields take config.ts' defaults, except the
   * answer cache, off unless given (tests see their own writes at once), and auth, which follows
   * `production` as GCC_AUTH does.
   */
  config: Pick<ServerConfig, 'production' | 'webDist' | 'logLevel'> & Partial<Pick<ServerConfig, 'auth' | 'limits' | 'responseCacheMs' | 'federation' | 'staleAfterSeconds'>>;
  db: Database;
  vm: VmClient;
  /** The subscription's collection watcher; default: poll every 5 s. */
  liveUpdates?: LiveUpdatesOptions;
  /** Security event ingestion (push API, syslog) and the event watcher. */
  security?: SecurityOptions;
  /** The warning rules' evaluator, webhook worker and alert watcher. */
  alerting?: Omit<AlertingOptions, 'retentionDays'>;
  /** Report scheduling (modules/reports): the server ticks the schedule; tests drive it. */
  reports?: ReportsOptions;
  /** Scheduling orders' CMP executor and verification timer (modules/scheduling). */
  scheduling?: SchedulingModuleOptions;
  /** The instant each GraphQL request describes, in ms; default the wall clock. Tests pin it. */
  clock?: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Security ingestion (tests read counters and the syslog port). */
    gccSecurity: SecurityModule;
    /** The alerting module: cycle() runs one evaluation now, notifier.tick() sends due webhooks. */
    gccAlerting: AlertingModule & { notifier: { tick(): Promise<number> } };
  }
}

/** The whole schema, every module's SDL. */
export const typeDefs = [
  registryTypeDefs,
  capacityTypeDefs,
  credibilityTypeDefs,
  federationTypeDefs,
  indicatorsTypeDefs,
  milestonesTypeDefs,
  liveTypeDefs,
  accessTypeDefs,
  securityTypeDefs,
  alertingTypeDefs,
  systemsTypeDefs,
  reportsTypeDefs,
  providersTypeDefs,
  schedulingTypeDefs,
].join('\n');

function mergeResolvers(...all: Record<string, Record<string, unknown>>[]) {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const r of all) for (const [type, fields] of Object.entries(r)) merged[type] = { ...merged[type], ...fields };
  return merged;
}

function refuseHttpGet(request: FastifyRequest): void {
  // Queries in URLs land in access logs and invite cross-site requests; one method, one timeout.
  if (request.method === 'GET' && !request.ws) {
    throw new GccError('GCC_ERR_HTTP_METHOD', 'GraphQL over GET is not served here: POST the query as JSON to /graphql');
  }
}

/** Every answer in a request refers to one instant; rounded to the second so identical VictoriaMetrics queries of concurrent requests coincide. */
const requestNow = (clock: () => number) => Math.floor(clock() / 1000) * 1000;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const config = {
    auth: deps.config.auth ?? deps.config.production,
    limits: deps.config.limits ?? DEFAULT_LIMITS,
    responseCacheMs: deps.config.responseCacheMs ?? 0,
    federation: deps.config.federation ?? 'off',
  };
  const app = Fastify({ logger: loggerOptions(deps.config.logLevel) });
  const security = createSecurityModule(deps.db, deps.security);
  const scheduling = createSchedulingModule(deps.db, deps.vm, deps.scheduling);
  const alerting = createAlertingModule(deps.db, deps.vm, { ...deps.alerting, retentionDays: security.ingest.retentionDays });
  const tokens = createTokenResolver(deps.db.prisma, { refuseDemoTokens: deps.config.production });
  const auth = createAuthenticator({ required: config.auth, tokens });
  const cache = createResponseCache({ ttlMs: config.responseCacheMs, maxWaitMs: config.limits.timeoutMs });
  const subgraph = config.federation === 'subgraph';
  const schema = subgraph ? subgraphTypeDefs(typeDefs) : typeDefs;
  const contextOf = (request: FastifyRequest): RequestContext => {
    const ctx = createRequestContext(deps.db, deps.vm, requestNow(deps.clock ?? Date.now), auth.viewerOf(request), { staleAfterSeconds: deps.config.staleAfterSeconds });
    ctx.tokens = tokens;
    return ctx;
  };

  // Registered here rather than left to mercurius so its limits are ours and app.injectWS (tests) sits on the root.
  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 * 1024 } });
  const options: MercuriusOptions = {
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
      accessResolvers as never,
      security.resolvers as never,
      alerting.resolvers as never,
      systemsResolvers as never,
      reportsResolvers as never,
      providersResolvers as never,
      scheduling.resolvers as never,
      (subgraph ? subgraphResolvers : {}) as never,
    ) as never,
    subscription: {
      context: (_socket, request) => contextOf(request) as never,
      onConnect: (data) => auth.onConnect(data as never),
    },
    context: (request) => contextOf(request),
    graphiql: !deps.config.production,
    allowBatchedQueries: true,
    // Introspection off in production (issue: schema is not advertised to strangers).
    validationRules: [...queryLimitRules(config.limits), ...(deps.config.production ? [NoSchemaIntrospectionCustomRule] : [])],
    additionalRouteOptions: <RouteShorthandOptions>{
      // One hook, before the body schema's validation: a cached answer costs as little as possible.
      preValidation: async (request, reply) => {
        refuseHttpGet(request);
        await auth.authenticate(request);
        checkBatchSize(request.body, config.limits.batch);
        await cache.preHandler(request, reply);
        if (!reply.sent && !request.ws) startRequestTimeout(request, reply, config.limits.timeoutMs, () => void cache.release(request));
      },
      onSend: (request, reply, payload) => cache.onSend(request, reply, payload),
      onResponse: (request) => cache.release(request),
      onRequestAbort: (request) => cache.release(request),
    },
    errorFormatter: (execution, ctx) => {
      const formatted = mercurius.defaultErrorFormatter(execution, ctx);
      const statusCode = formatted.statusCode;
      const errors = formatted.response.errors?.map((e, i) => {
        const original = (e as { originalError?: unknown }).originalError ?? execution.errors?.[i]?.originalError;
        if (original instanceof GccError) return { ...e, message: original.message, extensions: { ...e.extensions, ...original.extensions } };
        return e;
      });
      return { statusCode, response: { ...formatted.response, errors } };
    },
  };
  await app.register(subgraph ? (mercuriusFederationPlugin as never) : mercurius, options as never);
  await registerAccessPolicy(app, schema);

  registerLiveUpdates(app, deps.db, deps.vm, {
    ...(deps.liveUpdates ?? { pollIntervalMs: DEFAULT_POLL_INTERVAL_MS }),
    staleAfterSeconds: deps.config.staleAfterSeconds,
    onCycle: () => cache.clear(),
  });

  app.get('/health', async () => ({ status: 'ok', database: deps.db.kind }));
  app.get('/api/error-codes', async () => ERROR_CODES);
  registerInventoryRoutes(app, deps.db, auth);
  registerReports(app, { db: deps.db, vm: deps.vm, webDist: deps.config.webDist, auth }, deps.reports);
  security.register(app);
  scheduling.register(app);
  app.decorate('gccSecurity', security);
  app.decorate('gccAlerting', { ...alerting, notifier: alerting.register(app).notifier });
  // A write through any other route (e.g. an inventory post) may change answers: forget them.
  app.addHook('onResponse', async (request, reply) => {
    // Security pushes (up to thousands a second) are left to the cache's short TTL instead.
    if (request.method !== 'GET' && !request.url.startsWith('/graphql') && !request.url.startsWith('/api/security/') && reply.statusCode < 400) cache.clear();
  });

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
