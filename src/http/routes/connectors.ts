// C1–C4 (spec §3.2): connectors and the one group each is a member of.
import type { FastifyInstance } from 'fastify'
import { getConnector, listConnectorMemberOf, listConnectors, moveConnector } from '../../domain/connectors.js'
import { errors } from '../../errors/catalogue.js'
import {
  APP_PROXY_CONTEXT,
  APP_PROXY_URL,
  collectionBody,
  entityBody,
  referenceCollectionBody,
} from '../../odata/serialize.js'
import { referenceBody } from '../request-body.js'
import { APP_PROXY_ROOTS } from './app-proxy-roots.js'
import type { RouteDeps } from './route-deps.js'
import { sendPage } from './send-page.js'

type IdParams = { Params: { id: string } }

export function connectorRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const root of APP_PROXY_ROOTS) {
    const connectors = `${root}/connectors`

    app.get(connectors, { config: { operation: 'connectors.list' } }, async (request, reply) => {
      const page = await listConnectors(deps, request.graph.ctx, deps.listQuery(request))
      return sendPage(request, reply, deps, APP_PROXY_CONTEXT.connectors, page)
    })

    app.get<IdParams>(`${connectors}/:id`, { config: { operation: 'connectors.get' } }, async (request) => {
      const found = await getConnector(deps, request.graph.ctx, request.params.id)
      return entityBody(request.graph.scope, APP_PROXY_CONTEXT.connector, found)
    })

    app.get<IdParams>(`${connectors}/:id/memberOf`, { config: { operation: 'connectors.memberOf.list' } }, async (request) => {
      const groups = await listConnectorMemberOf(deps, request.graph.ctx, request.params.id)
      const fragment = APP_PROXY_CONTEXT.connectorMemberOf(request.params.id)
      return collectionBody(request.graph.scope, fragment, { items: groups })
    })

    app.get<IdParams>(`${connectors}/:id/memberOf/$ref`, { config: { operation: 'connectors.memberOf.list' } }, async (request, reply) => {
      const groups = await listConnectorMemberOf(deps, request.graph.ctx, request.params.id)
      const scope = request.graph.scope
      reply.type('application/json')
      return referenceCollectionBody(scope, groups.map((g) => APP_PROXY_URL.connectorGroup(scope, g.id)))
    })

    // C4: a move (spec §8.1). 204; 201 with the group under Prefer: return=representation (seed 001).
    app.post<IdParams>(`${connectors}/:id/memberOf/$ref`, { config: { operation: 'connectors.memberOf.add' } }, async (request, reply) => {
      const reference = referenceBody(request, ['connectorGroups'], 'microsoft.graph.connectorGroup')
      const moved = await moveConnector(deps, request.graph.ctx, request.params.id, reference.key)
      if (!request.graph.preferRepresentation) return reply.code(204).send()
      reply.header('Preference-Applied', 'return=representation')
      return reply.code(201).send(entityBody(request.graph.scope, APP_PROXY_CONTEXT.connectorGroup, moved.group))
    })

    app.post(`${connectors}/:id/memberOf`, { config: { operation: 'connectors.memberOf.add' } }, async () => {
      throw errors.writeOnlyOnContained()
    })
  }
}
