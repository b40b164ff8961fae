// Groups (spec §2.7, §4): CRUD, membership by `$ref` and `members@odata.bind`, the relation lists,
// and seed 002's `memberOf/$ref` as an extension (issue #4 §4).
import type { FastifyInstance } from 'fastify'
import {
  countGroups,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  updateGroup,
} from '../../domain/groups.js'
import { addMember, removeMember } from '../../domain/membership.js'
import { errors } from '../../errors/catalogue.js'
import { group } from '../../model/directory.js'
import { API_VERSIONS } from '../../model/types.js'
import { readEntityQuery } from '../list-query.js'
import { expandDirectoryObjects } from '../../domain/directory-expand.js'
import { jsonObjectBody, referenceBody } from '../request-body.js'
import { directoryEntityBody, sendTypedPage } from './directory-views.js'
import { relationRoutes } from './relations.js'
import type { RouteDeps } from './route-deps.js'
import { sendCount } from './send-page.js'

type IdParams = { Params: { id: string } }
type MemberParams = { Params: { id: string; memberId: string } }

const DIRECTORY = { isDirectoryCollection: true } as const
const DIRECTORY_REFS = ['directoryObjects', 'users', 'groups'] as const

export function groupRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const version of API_VERSIONS) {
    const groups = `/${version}/groups`

    app.get(groups, { config: { operation: 'groups.list' } }, async (request, reply) => {
      const collection = deps.collection(request, group, DIRECTORY)
      const page = await listGroups(deps, request.graph.ctx, collection.list)
      const expand = collection.bound.expand[0]
      if (expand !== undefined)
        page.items = await expandDirectoryObjects(
          deps,
          request.graph.ctx,
          'group',
          page.items,
          expand.navigation,
        )
      return sendTypedPage(request, reply, collection, 'groups', page, 'group')
    })
    app.get(
      `${groups}/$count`,
      { config: { operation: 'groups.list' } },
      async (request, reply) => {
        if (request.headers.consistencylevel?.toString().toLowerCase() !== 'eventual')
          throw errors.countNotSupported()
        const collection = deps.collection(request, group, DIRECTORY)
        return sendCount(reply, await countGroups(deps, request.graph.ctx, collection.list))
      },
    )
    app.post(groups, { config: { operation: 'groups.create' } }, async (request, reply) => {
      const created = await createGroup(
        deps,
        request.graph.ctx,
        jsonObjectBody(request),
        request.graph.scope.serviceRoot,
      )
      reply.header('Location', `${request.graph.scope.serviceRoot}/groups/${created.id}`)
      return reply.code(201).send(
        directoryEntityBody(request, readEntityQuery(request, group), 'groups/$entity', {
          type: 'group',
          entity: created,
        }),
      )
    })
    app.get<IdParams>(`${groups}/:id`, { config: { operation: 'groups.get' } }, async (request) => {
      const bound = readEntityQuery(request, group)
      const found = await getGroup(deps, request.graph.ctx, request.params.id)
      const expand = bound.expand[0]
      const [shown = found] =
        expand === undefined
          ? []
          : await expandDirectoryObjects(
              deps,
              request.graph.ctx,
              'group',
              [found],
              expand.navigation,
            )
      return directoryEntityBody(request, bound, 'groups/$entity', { type: 'group', entity: shown })
    })
    // spec §4.3: 204, also when the body binds members.
    app.patch<IdParams>(
      `${groups}/:id`,
      { config: { operation: 'groups.update' } },
      async (request, reply) => {
        await updateGroup(
          deps,
          request.graph.ctx,
          request.params.id,
          jsonObjectBody(request),
          request.graph.scope.serviceRoot,
        )
        return reply.code(204).send()
      },
    )
    app.delete<IdParams>(
      `${groups}/:id`,
      { config: { operation: 'groups.delete' } },
      async (request, reply) => {
        await deleteGroup(deps, request.graph.ctx, request.params.id)
        return reply.code(204).send()
      },
    )

    // spec §4.2: 204; 201 with the member under Prefer: return=representation, like every $ref POST.
    app.post<IdParams>(
      `${groups}/:id/members/$ref`,
      { config: { operation: 'groups.members.add' } },
      async (request, reply) => {
        const reference = referenceBody(request, DIRECTORY_REFS, 'microsoft.graph.directoryObject')
        const { member } = await addMember(deps, request.graph.ctx, request.params.id, reference)
        if (!request.graph.preferRepresentation) return reply.code(204).send()
        reply.header('Preference-Applied', 'return=representation')
        return reply
          .code(201)
          .send(
            directoryEntityBody(
              request,
              readEntityQuery(request, group),
              'directoryObjects/$entity',
              member,
              true,
            ),
          )
      },
    )
    app.delete<MemberParams>(
      `${groups}/:id/members/:memberId/$ref`,
      { config: { operation: 'groups.members.remove' } },
      async (request, reply) => {
        await removeMember(deps, request.graph.ctx, request.params.id, request.params.memberId)
        return reply.code(204).send()
      },
    )
    // spec §4.2 / §4.4: writes on the non-contained members need $ref.
    app.post(`${groups}/:id/members`, { config: { operation: 'groups.members.add' } }, async () => {
      throw errors.writeOnlyOnContained()
    })
    app.patch(
      `${groups}/:id/members/$ref`,
      { config: { operation: 'groups.members.add' } },
      async () => {
        throw errors.badRequest('The request is currently not supported on the targeted entity set')
      },
    )
    // Without $ref the URL names the member object itself (spec §4.4, D-GDM): not a membership removal.
    app.delete(
      `${groups}/:id/members/:memberId`,
      { config: { operation: 'groups.members.remove' } },
      async () => {
        throw errors.methodNotAllowed()
      },
    )

    // Seed 002, an extension beyond live Graph (issue #4 §4): X memberOf/$ref Y puts X into Y.
    app.post<IdParams>(
      `${groups}/:id/memberOf/$ref`,
      { config: { operation: 'groups.memberOf.add' } },
      async (request, reply) => {
        const parent = referenceBody(
          request,
          ['directoryObjects', 'groups'],
          'microsoft.graph.group',
        )
        const added = await addMember(deps, request.graph.ctx, parent.key, {
          set: 'groups',
          key: request.params.id,
        })
        if (!request.graph.preferRepresentation) return reply.code(204).send()
        reply.header('Preference-Applied', 'return=representation')
        return reply
          .code(201)
          .send(
            directoryEntityBody(
              request,
              readEntityQuery(request, group),
              'groups/$entity',
              added.group,
            ),
          )
      },
    )
    app.post(
      `${groups}/:id/memberOf`,
      { config: { operation: 'groups.memberOf.add' } },
      async () => {
        throw errors.writeOnlyOnContained()
      },
    )
  }

  relationRoutes(app, deps, {
    path: '/groups/:id',
    types: ['group'],
    key: (request) => (request.params as { id: string }).id,
    relations: [
      { name: 'members', operation: 'groups.members.list' },
      { name: 'transitiveMembers', operation: 'groups.members.list' },
      { name: 'memberOf', operation: 'groups.memberOf.list' },
      { name: 'transitiveMemberOf', operation: 'groups.memberOf.list' },
    ],
  })
}
