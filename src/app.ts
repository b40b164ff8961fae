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
import { registerErrorHandling } from './http/error-handler.js'
import { APP_PROXY_COLLECTION, readCollectionQuery } from './http/list-query.js'
import { normalizeUrl } from './http/normalize-url.js'
import { bearerAuthentication } from './http/plugins/authenticate.js'
import authorize from './http/plugins/authorize.js'
import odataHeaders from './http/plugins/odata-headers.js'
import requestContext from './http/plugins/request-context.js'
import { RouteIndex } from './http/route-index.js'
import { adminRoutes } from './http/routes/admin.js'
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
  }
  publicUrl?: string
  bodyLimit: number
  logger: FastifyServerOptions['logger']
  https?: { key: string; cert: string }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const routes = new RouteIndex()
  const app = Fastify({
    logger: deps.logger ?? false,
    ...(deps.https === undefined ? {} : { https: deps.https }),
    bodyLimit: deps.bodyLimit,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Graph matches segment names and the profile key case-insensitively (spec §1).
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    rewriteUrl: (request) => normalizeUrl(request.url ?? '/'),
  }) as unknown as FastifyInstance

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

  // Order matters: ids, then the token (so a 401 carries the ids) and the tenant it names, then
  // the permission check (before any body is read), headers on every reply.
  await app.register(requestContext, {
    ...(deps.publicUrl === undefined ? {} : { publicUrl: deps.publicUrl }),
    authenticate: bearerAuthentication(deps.identity.verifier),
  })
  await app.register(authorize, { permissions: deps.identity.permissions, usage: deps.identity.usage })
  await app.register(odataHeaders)
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
  adminRoutes(app, { ...deps, defaultTenantId: async () => deps.developmentTenantId })
  identityRoutes(app, { ...deps, issuer: deps.identity.issuer })
  healthRoutes(app, deps)
  metadataRoutes(app)
  return app
}
