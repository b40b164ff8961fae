// `/me` (spec §2.8, §4.5): the signed-in user of a delegated token, their groups, and seed 002's
// `me/joinedGroups/{id}/memberOf/$ref` as an extension (issue #4 §4).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { addJoinedGroupTo, listRelation } from '../../domain/membership.js'
import { getUser } from '../../domain/users.js'
import { errors } from '../../errors/catalogue.js'
import { group } from '../../model/directory.js'
import { user } from '../../model/entities.js'
import { API_VERSIONS } from '../../model/types.js'
import { readEntityQuery } from '../list-query.js'
import { referenceBody } from '../request-body.js'
import { directoryEntityBody, sendDirectoryPage } from './directory-views.js'
import { relationRoutes } from './relations.js'
import type { RouteDeps } from './route-deps.js'
import { sendReferenceAdded } from './send-page.js'

/** The signed-in user's id; an application token has none (Graph's own 400). */
export function signedInUser(request: FastifyRequest): string {
  const principal = request.graph.ctx.principal
  if (principal === undefined || principal.kind !== 'delegated') throw errors.meRequiresDelegated()
  return principal.objectId
}

export function meRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const version of API_VERSIONS) {
    const me = `/${version}/me`

    app.get(me, { config: { operation: 'me.get', delegatedOnly: true } }, async (request) => {
      const found = await getUser(deps, request.graph.ctx, signedInUser(request))
      return directoryEntityBody(request, readEntityQuery(request, user), 'users/$entity', {
        type: 'user',
        entity: found,
      })
    })

    // user.joinedGroups (CSDL-B): the groups the user is a direct member of; read-only.
    app.get(
      `${me}/joinedGroups`,
      { config: { operation: 'users.memberOf.list', delegatedOnly: true } },
      async (request, reply) => {
        const collection = deps.collection(request, group, {
          isDirectoryCollection: true,
          isMembershipList: true,
        })
        const page = await listRelation(
          deps,
          request.graph.ctx,
          {
            source: { key: signedInUser(request), types: ['user'] },
            relation: 'memberOf',
            cast: 'group',
          },
          collection.list,
        )
        return sendDirectoryPage(request, reply, collection, 'groups', page)
      },
    )

    // Seed 002 (extension): X must be one of the signed-in user's groups, else 404.
    app.post<{ Params: { id: string } }>(
      `${me}/joinedGroups/:id/memberOf/$ref`,
      { config: { operation: 'groups.memberOf.add', delegatedOnly: true } },
      async (request, reply) => {
        const parent = referenceBody(
          request,
          ['directoryObjects', 'groups'],
          'microsoft.graph.group',
        )
        const added = await addJoinedGroupTo(
          deps,
          request.graph.ctx,
          signedInUser(request),
          request.params.id,
          parent.key,
        )
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
  }

  relationRoutes(app, deps, {
    path: '/me',
    types: ['user'],
    delegatedOnly: true,
    key: signedInUser,
    relations: [
      { name: 'memberOf', operation: 'users.memberOf.list' },
      { name: 'transitiveMemberOf', operation: 'users.memberOf.list' },
    ],
  })
}
