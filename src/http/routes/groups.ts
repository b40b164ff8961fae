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
import { referenceBody } from '../request-body.js'
import { directoryCrudRoutes } from './directory-crud.js'
import { directoryEntityBody } from './directory-views.js'
import { relationRoutes } from './relations.js'
import type { RouteDeps } from './route-deps.js'
import { sendReferenceAdded } from './send-page.js'

type IdParams = { Params: { id: string } }
type MemberParams = { Params: { id: string; memberId: string } }

const DIRECTORY_REFS = ['directoryObjects', 'users', 'groups'] as const

export function groupRoutes(app: FastifyInstance, deps: RouteDeps): void {
  directoryCrudRoutes(app, deps, {
    set: 'groups',
    type: 'group',
    entity: group,
    operations: {
      list: 'groups.list',
      get: 'groups.get',
      create: 'groups.create',
      update: 'groups.update',
      delete: 'groups.delete',
    },
    list: listGroups,
    count: countGroups,
    get: getGroup,
    create: (d, request, body) =>
      createGroup(d, request.graph.ctx, body, request.graph.scope.serviceRoot),
    update: (d, request, id, body) =>
      updateGroup(d, request.graph.ctx, id, body, request.graph.scope.serviceRoot),
    remove: deleteGroup,
  })

  for (const version of API_VERSIONS) {
    const groups = `/${version}/groups`

    // spec §4.2: 204; 201 with the member under Prefer: return=representation, like every $ref POST.
    app.post<IdParams>(
      `${groups}/:id/members/$ref`,
      { config: { operation: 'groups.members.add' } },
      async (request, reply) => {
        const reference = referenceBody(request, DIRECTORY_REFS, 'microsoft.graph.directoryObject')
        const { member } = await addMember(deps, request.graph.ctx, request.params.id, reference)
        return sendReferenceAdded(request, reply, () =>
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
        return sendReferenceAdded(request, reply, () =>
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
