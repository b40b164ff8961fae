// buildApp: the Fastify instance with its plugins and routes. It never listens (server.ts does),
// so tests can build it around any store.
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import type { PermissionTable } from './auth/permissions.js'
import type { TokenVerifier } from './auth/verify-token.js'
import type { DomainDeps } from './domain/context.js'
import type { Issuer } from './domain/issuer.js'
import type { UsageRecorder } from './domain/permission-usage.js'
import { errors } from './errors/catalogue.js'
import { registerErrorHandling, sendGraphError } from './http/error-handler.js'
import { APP_PROXY_COLLECTION, readCollectionQuery } from './http/list-query.js'
import { normalizeUrl } from './http/normalize-url.js'
import { bearerAuthentication } from './http/plugins/authenticate.js'
import authorize from './http/plugins/authorize.js'
import odataHeaders from './http/plugins/odata-headers.js'
import representationCache from './http/plugins/representation-cache.js'
import requestContext from './http/plugins/request-context.js'
import faults, { FaultRegistry } from './http/plugins/faults.js'
import throttle from './http/plugins/throttle.js'
import turnBudget, { DEFAULT_TURN_BUDGET_MS } from './http/plugins/turn-budget.js'
import idleCollection, { DEFAULT_IDLE_COLLECTION_MS } from './http/plugins/idle-collection.js'
import { RouteIndex } from './http/route-index.js'
import { adminRoutes } from './http/routes/admin.js'
import { adminFaultRoutes } from './http/routes/admin-faults.js'
import { batchRoutes } from './http/routes/batch.js'
import { connectorGroupRoutes } from './http/routes/connector-groups.js'
import { applicationRoutes } from './http/routes/applications.js'
import { connectorRoutes } from './http/routes/connectors.js'
import { directoryObjectRoutes } from './http/routes/directory-objects.js'
import { groupRoutes } from './http/routes/groups.js'
import { meRoutes } from './http/routes/me.js'
import { userRoutes } from './http/routes/users.js'
import { healthRoutes } from './http/routes/health.js'
import { identityRoutes, isIdentityRoute } from './http/routes/identity.js'
import { metadataRoutes } from './http/routes/metadata.js'
import { publishingProfileRoutes } from './http/routes/publishing-profiles.js'
import type { RouteDeps } from './http/routes/route-deps.js'

export interface AppDeps extends DomainDeps {
  adminKey: string
  skipTokenSecret: string
  /** The tenant admin calls act in when they name none. */
  developmentTenantId: string
  /** Tokens: who issues and verifies them, and what each permission allows (issue #3). */
  identity: {
    issuer: Issuer
    verifier: TokenVerifier
    permissions: PermissionTable
    usage: UsageRecorder
    rotateKeys(): Promise<void>
  }
  publicUrl?: string
  bodyLimit: number
  logger: FastifyServerOptions['logger']
  https?: { key: string; cert: string }
  /** Token-bucket throttling per app+tenant (spec §7.4); off when absent or at 0 per second. */
  throttle?: { requestsPerSecond: number; burst: number }
  /** Milliseconds of read work per turn of the event loop (plugins/turn-budget.ts); 0: unbounded. */
  turnBudgetMs?: number
  /** Quiet milliseconds after which V8 collects once (plugins/idle-collection.ts); 0: never. */
  idleCollectionMs?: number
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const routes = new RouteIndex()
  const app = Fastify({
    logger: deps.logger ?? false,
    ...(deps.https === undefined ? {} : { https: deps.https }),
    bodyLimit: deps.bodyLimit,
    // On close (SIGTERM), idle keep-alive connections are closed at once; requests in flight finish.
    forceCloseConnections: 'idle',
    // The request id is the `request-id` header Graph answers with, and `reqId` in every log line.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Graph matches segment names and the profile key case-insensitively (spec §1).
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    rewriteUrl: (request) => normalizeUrl(request.url ?? '/'),
    // A URL Fastify cannot decode (`/v1.0/%`) never reaches the error handler: answer it here,
    // in Graph's shape, like every other bad request.
    frameworkErrors: (error, request, reply) =>
      sendGraphError(
        request,
        reply,
        errors.badRequest(`The request URL is not valid: ${error.message}`),
      ),
  }) as unknown as FastifyInstance

  // Graceful shutdown: a response sent once close() has begun ends its connection, so a keep-alive
  // client (a load balancer) does not hold the shutdown open until its idle timeout.
  let isClosing = false
  app.addHook('preClose', async () => {
    isClosing = true
  })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (isClosing) reply.header('connection', 'close')
    done(null, payload)
  })

  // Graph bodies are JSON; anything else is a 415 (issue #2 §6).
  app.removeContentTypeParser('text/plain')
  // The identity platform's /{tenant}/… routes are not Graph's URL space: E7 and E18 are decided
  // on Graph's routes only.
  app.addHook('onRoute', (route) => {
    if (!isIdentityRoute(route.url)) routes.add(route.url, route.method)
  })
  // The version roots are known segments even where no route of that version matches, so that
  // `/v1.0/onPremisesPublishingProfiles` names the segment Graph would (spec §1, E7).
  routes.add('/v1.0', [])
  routes.add('/beta', [])

  // First, so that every request counts as activity, refused ones included.
  await app.register(idleCollection, {
    quietMs: deps.idleCollectionMs ?? DEFAULT_IDLE_COLLECTION_MS,
  })
  // Order matters: ids, then the token (so a 401 carries the ids) and the tenant it names, then
  // the permission check (before any body is read), headers on every reply.
  await app.register(requestContext, {
    ...(deps.publicUrl === undefined ? {} : { publicUrl: deps.publicUrl }),
    authenticate: bearerAuthentication(deps.identity.verifier),
  })
  // Throttling, then injected faults, decide before permissions are looked at (a refused call is
  // not counted as used) and after the token (a 401 stays a 401); both see inner $batch requests.
  const faultRegistry = new FaultRegistry()
  await app.register(throttle, { requestsPerSecond: 0, burst: 0, ...deps.throttle, now: deps.now })
  await app.register(faults, { registry: faultRegistry })
  await app.register(authorize, {
    permissions: deps.identity.permissions,
    usage: deps.identity.usage,
  })
  await app.register(odataHeaders)
  await app.register(representationCache, {
    ...(deps.store.readGeneration === undefined
      ? {}
      : { readGeneration: deps.store.readGeneration }),
    now: deps.now,
  })
  await app.register(turnBudget, { budgetMs: deps.turnBudgetMs ?? DEFAULT_TURN_BUDGET_MS })
  registerErrorHandling(app, { bodyLimit: deps.bodyLimit, routes })

  const routeDeps: RouteDeps = {
    ...deps,
    collection: (request, entity, kind = APP_PROXY_COLLECTION) =>
      readCollectionQuery(request, entity, kind, deps.skipTokenSecret),
  }
  publishingProfileRoutes(app, routeDeps)
  connectorGroupRoutes(app, routeDeps)
  connectorRoutes(app, routeDeps)
  userRoutes(app, routeDeps)
  meRoutes(app, routeDeps)
  groupRoutes(app, routeDeps)
  directoryObjectRoutes(app, routeDeps)
  applicationRoutes(app, routeDeps)
  batchRoutes(app)
  adminRoutes(app, { ...deps, defaultTenantId: async () => deps.developmentTenantId })
  adminFaultRoutes(app, { adminKey: deps.adminKey, faults: faultRegistry, now: deps.now })
  identityRoutes(app, { ...deps, issuer: deps.identity.issuer })
  healthRoutes(app, deps)
  metadataRoutes(app)
  return app
}
