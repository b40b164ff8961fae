// buildApp: the Fastify instance with its plugins and routes. It never listens (server.ts does),
// so tests can build it around any store.
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import type { DomainDeps } from './domain/context.js'
import { registerErrorHandling } from './http/error-handler.js'
import { APP_PROXY_COLLECTION, readCollectionQuery } from './http/list-query.js'
import { normalizeUrl } from './http/normalize-url.js'
import odataHeaders from './http/plugins/odata-headers.js'
import requestContext from './http/plugins/request-context.js'
import { RouteIndex } from './http/route-index.js'
import { adminRoutes } from './http/routes/admin.js'
import { connectorGroupRoutes } from './http/routes/connector-groups.js'
import { connectorRoutes } from './http/routes/connectors.js'
import { healthRoutes } from './http/routes/health.js'
import { publishingProfileRoutes } from './http/routes/publishing-profiles.js'
import type { RouteDeps } from './http/routes/route-deps.js'

export interface AppDeps extends DomainDeps {
  adminKey: string
  skipTokenSecret: string
  /** The tenant requests act in until tokens carry one (issue #3). */
  developmentTenantId: string
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
  app.addHook('onRoute', (route) => routes.add(route.url, route.method))
  // The version roots are known segments even where no route of that version matches, so that
  // `/v1.0/onPremisesPublishingProfiles` names the segment Graph would (spec §1, E7).
  routes.add('/v1.0', [])
  routes.add('/beta', [])

  // Order matters: ids and tenant first (errors raised later carry the ids), headers on every reply.
  await app.register(requestContext, {
    ...(deps.publicUrl === undefined ? {} : { publicUrl: deps.publicUrl }),
    resolveTenant: async () => deps.developmentTenantId,
  })
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
  adminRoutes(app, { ...deps, defaultTenantId: async () => deps.developmentTenantId })
  healthRoutes(app, deps)
  return app
}
