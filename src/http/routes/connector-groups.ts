// G1–G11 (spec §3.3): connector groups, their members and applications.
import type { FastifyInstance } from 'fastify'
import {
  countConnectorGroupMembers,
  countConnectorGroups,
  createConnectorGroup,
  deleteConnectorGroup,
  expandConnectorGroups,
  getConnectorGroup,
  listConnectorGroupApplications,
  listConnectorGroupMembers,
  listConnectorGroupMembersJson,
  listConnectorGroups,
  listConnectorGroupsJson,
  updateConnectorGroup,
} from '../../domain/connector-groups.js'
import { moveConnector, removeConnectorFromGroup } from '../../domain/connectors.js'
import { errors } from '../../errors/catalogue.js'
import { application, connector, connectorGroup } from '../../model/entities.js'
import {
  APP_PROXY_CONTEXT,
  APP_PROXY_URL,
  entityBody,
  referenceCollectionBody,
} from '../../odata/serialize.js'
import { readEntityQuery } from '../list-query.js'
import { jsonObjectBody, referenceBody } from '../request-body.js'
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
type MemberParams = { Params: { id: string; connectorId: string } }

export function connectorGroupRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const root of APP_PROXY_ROOTS) {
    const groups = `${root}/connectorGroups`

    app.get(
      groups,
      { config: { operation: 'connectorGroups.list', cache: CACHE } },
      async (request, reply) => {
        const collection = deps.collection(request, connectorGroup)
        const fragment = APP_PROXY_CONTEXT.connectorGroups
        const { ctx } = request.graph
        const expand = collection.bound.expand[0]
        if (expand === undefined) {
          const select = selectedNames(collection.bound)
          const page = await listConnectorGroupsJson(deps, ctx, collection.list, select)
          return sendJsonPage(request, reply, collection, fragment, page)
        }
        const page = await listConnectorGroups(deps, ctx, collection.list)
        page.items = await expandConnectorGroups(deps, ctx, page.items, expand.navigation)
        return sendPage(request, reply, collection, fragment, page)
      },
    )

    app.get(
      `${groups}/$count`,
      { config: { operation: 'connectorGroups.list' } },
      async (request, reply) => {
        const collection = deps.collection(request, connectorGroup)
        return sendCount(
          reply,
          await countConnectorGroups(deps, request.graph.ctx, collection.list),
        )
      },
    )

    // G2: 201 with the entity and a Location (D4).
    app.post(
      groups,
      { config: { operation: 'connectorGroups.create' } },
      async (request, reply) => {
        const group = await createConnectorGroup(deps, request.graph.ctx, jsonObjectBody(request))
        reply.header('Location', APP_PROXY_URL.connectorGroup(request.graph.scope, group.id))
        return reply
          .code(201)
          .send(entityBody(request.graph.scope, APP_PROXY_CONTEXT.connectorGroup, group))
      },
    )

    app.get<IdParams>(
      `${groups}/:id`,
      { config: { operation: 'connectorGroups.get', cache: CACHE } },
      async (request) => {
        const bound = readEntityQuery(request, connectorGroup)
        const group = await getConnectorGroup(deps, request.graph.ctx, request.params.id)
        const expand = bound.expand[0]
        const [shown = group] =
          expand === undefined
            ? []
            : await expandConnectorGroups(deps, request.graph.ctx, [group], expand.navigation)
        return sendEntity(request, bound, APP_PROXY_CONTEXT.connectorGroup, shown)
      },
    )

    // G4: 204, or 200 with the entity under Prefer: return=representation (issue #2 §4).
    app.patch<IdParams>(
      `${groups}/:id`,
      { config: { operation: 'connectorGroups.update' } },
      async (request, reply) => {
        const group = await updateConnectorGroup(
          deps,
          request.graph.ctx,
          request.params.id,
          jsonObjectBody(request),
        )
        if (!request.graph.preferRepresentation) return reply.code(204).send()
        reply.header('Preference-Applied', 'return=representation')
        return entityBody(request.graph.scope, APP_PROXY_CONTEXT.connectorGroup, group)
      },
    )

    app.delete<IdParams>(
      `${groups}/:id`,
      { config: { operation: 'connectorGroups.delete' } },
      async (request, reply) => {
        await deleteConnectorGroup(deps, request.graph.ctx, request.params.id)
        return reply.code(204).send()
      },
    )

    app.get<IdParams>(
      `${groups}/:id/members`,
      { config: { operation: 'connectorGroups.members.list', cache: CACHE } },
      async (request, reply) => {
        const { id } = request.params
        const collection = deps.collection(request, connector)
        const fragment = APP_PROXY_CONTEXT.connectorGroupMembers(id)
        const { ctx } = request.graph
        if (collection.bound.expand.length === 0) {
          const select = selectedNames(collection.bound)
          const page = await listConnectorGroupMembersJson(deps, ctx, id, collection.list, select)
          return sendJsonPage(request, reply, collection, fragment, page)
        }
        const page = await listConnectorGroupMembers(deps, ctx, id, collection.list)
        return sendPage(request, reply, collection, fragment, page)
      },
    )

    app.get<IdParams>(
      `${groups}/:id/members/$count`,
      { config: { operation: 'connectorGroups.members.list' } },
      async (request, reply) => {
        const collection = deps.collection(request, connector)
        return sendCount(
          reply,
          await countConnectorGroupMembers(
            deps,
            request.graph.ctx,
            request.params.id,
            collection.list,
          ),
        )
      },
    )

    // G8: the reference collection (spec §5.4).
    app.get<IdParams>(
      `${groups}/:id/members/$ref`,
      { config: { operation: 'connectorGroups.members.list', cache: CACHE } },
      async (request) => {
        const collection = deps.collection(request, connector)
        const page = await listConnectorGroupMembers(
          deps,
          request.graph.ctx,
          request.params.id,
          collection.list,
        )
        const scope = request.graph.scope
        const nextLink =
          page.nextKeys === undefined ? undefined : collection.nextLink(page.nextKeys)
        return referenceCollectionBody(
          scope,
          page.items.map((c) => APP_PROXY_URL.connector(scope, c.id)),
          nextLink,
        )
      },
    )

    // G7: a move (spec §8.1). 204; 201 with the connector under Prefer: return=representation.
    app.post<IdParams>(
      `${groups}/:id/members/$ref`,
      { config: { operation: 'connectorGroups.members.add' } },
      async (request, reply) => {
        const reference = referenceBody(request, ['connectors'], 'microsoft.graph.connector')
        const moved = await moveConnector(deps, request.graph.ctx, reference.key, request.params.id)
        return sendReferenceAdded(request, reply, () =>
          entityBody(request.graph.scope, APP_PROXY_CONTEXT.connector, moved),
        )
      },
    )

    // E17: members is not contained, so only $ref writes it.
    app.post(
      `${groups}/:id/members`,
      { config: { operation: 'connectorGroups.members.add' } },
      async () => {
        throw errors.writeOnlyOnContained()
      },
    )

    // G10: a connector cannot be left without a group.
    app.delete<MemberParams>(
      `${groups}/:id/members/:connectorId/$ref`,
      { config: { operation: 'connectorGroups.members.add' } },
      async (request) => {
        await removeConnectorFromGroup(
          deps,
          request.graph.ctx,
          request.params.id,
          request.params.connectorId,
        )
      },
    )

    app.get<IdParams>(
      `${groups}/:id/applications`,
      { config: { operation: 'connectorGroups.applications.list' } },
      async (request, reply) => {
        const collection = deps.collection(request, application)
        const page = await listConnectorGroupApplications(
          deps,
          request.graph.ctx,
          request.params.id,
          collection.list,
        )
        return sendPage(
          request,
          reply,
          collection,
          APP_PROXY_CONTEXT.connectorGroupApplications,
          page,
        )
      },
    )

    // G11, D6: applications are assigned from the application side (spec §3.4).
    app.post(
      `${groups}/:id/applications/$ref`,
      { config: { operation: 'connectorGroups.applications.list' } },
      async () => {
        throw errors.methodNotAllowed()
      },
    )
  }
}
