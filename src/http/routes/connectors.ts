// C1–C4 (spec §3.2): connectors and the one group each is a member of.
import type { FastifyInstance } from 'fastify'
import {
  countConnectors,
  expandConnectors,
  getConnector,
  listConnectorMemberOf,
  listConnectors,
  listConnectorsJson,
  moveConnector,
} from '../../domain/connectors.js'
import { getConnectorGroup } from '../../domain/connector-groups.js'
import { errors } from '../../errors/catalogue.js'
import { connector, connectorGroup } from '../../model/entities.js'
import {
  APP_PROXY_CONTEXT,
  APP_PROXY_URL,
  entityBody,
  referenceCollectionBody,
} from '../../odata/serialize.js'
import { readEntityQuery } from '../list-query.js'
import { referenceBody } from '../request-body.js'
import { APP_PROXY_READS as CACHE, APP_PROXY_ROOTS } from './app-proxy-roots.js'
import type { RouteDeps } from './route-deps.js'
import {
  selectedNames,
  sendCount,
  sendEntity,
  sendJsonPage,
  sendPage,
  sendReferenceAdded,
} from './send-page.js'

type IdParams = { Params: { id: string } }

export function connectorRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const root of APP_PROXY_ROOTS) {
    const connectors = `${root}/connectors`

    app.get(
      connectors,
      { config: { operation: 'connectors.list', cache: CACHE } },
      async (request, reply) => {
        const collection = deps.collection(request, connector)
        const fragment = APP_PROXY_CONTEXT.connectors
        const { ctx } = request.graph
        if (collection.bound.expand.length === 0) {
          const select = selectedNames(collection.bound)
          const page = await listConnectorsJson(deps, ctx, collection.list, select)
          return sendJsonPage(request, reply, collection, fragment, page)
        }
        const page = await listConnectors(deps, ctx, collection.list)
        page.items = await expandConnectors(deps, ctx, page.items)
        return sendPage(request, reply, collection, fragment, page)
      },
    )

    app.get(
      `${connectors}/$count`,
      { config: { operation: 'connectors.list' } },
      async (request, reply) => {
        const collection = deps.collection(request, connector)
        return sendCount(reply, await countConnectors(deps, request.graph.ctx, collection.list))
      },
    )

    app.get<IdParams>(
      `${connectors}/:id`,
      { config: { operation: 'connectors.get', cache: CACHE } },
      async (request) => {
        const bound = readEntityQuery(request, connector)
        const found = await getConnector(deps, request.graph.ctx, request.params.id)
        const [shown = found] =
          bound.expand.length === 0 ? [] : await expandConnectors(deps, request.graph.ctx, [found])
        return sendEntity(request, bound, APP_PROXY_CONTEXT.connector, shown)
      },
    )

    // C3: the one group, as a collection (query options bind against connectorGroup).
    app.get<IdParams>(
      `${connectors}/:id/memberOf`,
      { config: { operation: 'connectors.memberOf.list' } },
      async (request, reply) => {
        const collection = deps.collection(request, connectorGroup)
        const groups = await listConnectorMemberOf(deps, request.graph.ctx, request.params.id)
        const fragment = APP_PROXY_CONTEXT.connectorMemberOf(request.params.id)
        return sendPage(request, reply, collection, fragment, { items: groups })
      },
    )

    app.get<IdParams>(
      `${connectors}/:id/memberOf/$ref`,
      { config: { operation: 'connectors.memberOf.list' } },
      async (request) => {
        const groups = await listConnectorMemberOf(deps, request.graph.ctx, request.params.id)
        const scope = request.graph.scope
        return referenceCollectionBody(
          scope,
          groups.map((g) => APP_PROXY_URL.connectorGroup(scope, g.id)),
        )
      },
    )

    // C4: a move (spec §8.1). 204; 201 with the group under Prefer: return=representation (seed 001).
    app.post<IdParams>(
      `${connectors}/:id/memberOf/$ref`,
      { config: { operation: 'connectors.memberOf.add' } },
      async (request, reply) => {
        const reference = referenceBody(
          request,
          ['connectorGroups'],
          'microsoft.graph.connectorGroup',
        )
        await moveConnector(deps, request.graph.ctx, request.params.id, reference.key)
        // The group as it is after the move, read only when the response shows it.
        return sendReferenceAdded(request, reply, async () =>
          entityBody(
            request.graph.scope,
            APP_PROXY_CONTEXT.connectorGroup,
            await getConnectorGroup(deps, request.graph.ctx, reference.key),
          ),
        )
      },
    )

    app.post(
      `${connectors}/:id/memberOf`,
      { config: { operation: 'connectors.memberOf.add' } },
      async () => {
        throw errors.writeOnlyOnContained()
      },
    )
  }
}
