// spec §3.1: GET of the applicationProxy profile, with $expand of its collections.
import type { FastifyInstance } from 'fastify'
import { getApplicationProxyProfile } from '../../domain/publishing-profile.js'
import type { ProfileExpansion } from '../../domain/publishing-profile.js'
import { errors } from '../../errors/catalogue.js'
import { APP_PROXY_CONTEXT, entityBody } from '../../odata/serialize.js'
import { PROFILE_PATH } from './app-proxy-roots.js'
import type { RouteDeps } from './route-deps.js'

const EXPANDABLE: Record<string, ProfileExpansion> = {
  connectors: 'connectors',
  connectorgroups: 'connectorGroups',
}

function expansions(query: Record<string, unknown>): ProfileExpansion[] {
  const raw = query.$expand ?? query.expand
  if (raw === undefined) return []
  if (typeof raw !== 'string')
    throw errors.badRequest("Query option '$expand' was specified more than once.")
  return raw.split(',').map((item) => {
    const name = item.trim()
    const expansion = EXPANDABLE[name.toLowerCase()]
    if (expansion === undefined) throw errors.expandNotSupported(name)
    return expansion
  })
}

export function publishingProfileRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get(PROFILE_PATH, { config: { operation: 'profile.get' } }, async (request) => {
    const expand = expansions(request.query as Record<string, unknown>)
    const profile = await getApplicationProxyProfile(deps, request.graph.ctx, expand)
    return entityBody(request.graph.scope, APP_PROXY_CONTEXT.profile, profile)
  })
}
