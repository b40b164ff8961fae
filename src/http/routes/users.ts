// Users (spec §2.8): CRUD by id or userPrincipalName, and their memberOf relations.
import type { FastifyInstance } from 'fastify'
import {
  countUsers,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  updateUser,
} from '../../domain/users.js'
import { errors } from '../../errors/catalogue.js'
import { user } from '../../model/entities.js'
import { API_VERSIONS } from '../../model/types.js'
import { isConsistencyLevelEventual, readEntityQuery } from '../list-query.js'
import { expandDirectoryObjects } from '../../domain/directory-expand.js'
import { jsonObjectBody } from '../request-body.js'
import { directoryEntityBody, sendTypedPage } from './directory-views.js'
import { relationRoutes } from './relations.js'
import type { RouteDeps } from './route-deps.js'
import { sendCount } from './send-page.js'

type IdParams = { Params: { id: string } }
const DIRECTORY = { isDirectoryCollection: true } as const

export function userRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const version of API_VERSIONS) {
    const users = `/${version}/users`

    app.get(users, { config: { operation: 'users.list' } }, async (request, reply) => {
      const collection = deps.collection(request, user, DIRECTORY)
      const page = await listUsers(deps, request.graph.ctx, collection.list)
      const expand = collection.bound.expand[0]
      if (expand !== undefined)
        page.items = await expandDirectoryObjects(
          deps,
          request.graph.ctx,
          'user',
          page.items,
          expand.navigation,
        )
      return sendTypedPage(request, reply, collection, 'users', page, 'user')
    })
    app.get(`${users}/$count`, { config: { operation: 'users.list' } }, async (request, reply) => {
      if (!isConsistencyLevelEventual(request)) throw errors.countNotSupported()
      const collection = deps.collection(request, user, DIRECTORY)
      return sendCount(reply, await countUsers(deps, request.graph.ctx, collection.list))
    })
    app.post(users, { config: { operation: 'users.create' } }, async (request, reply) => {
      const created = await createUser(deps, request.graph.ctx, jsonObjectBody(request))
      reply.header('Location', `${request.graph.scope.serviceRoot}/users/${created.id}`)
      return reply.code(201).send(
        directoryEntityBody(request, readEntityQuery(request, user), 'users/$entity', {
          type: 'user',
          entity: created,
        }),
      )
    })
    app.get<IdParams>(`${users}/:id`, { config: { operation: 'users.get' } }, async (request) => {
      const bound = readEntityQuery(request, user)
      const found = await getUser(deps, request.graph.ctx, request.params.id)
      const expand = bound.expand[0]
      const [shown = found] =
        expand === undefined
          ? []
          : await expandDirectoryObjects(
              deps,
              request.graph.ctx,
              'user',
              [found],
              expand.navigation,
            )
      return directoryEntityBody(request, bound, 'users/$entity', { type: 'user', entity: shown })
    })
    app.patch<IdParams>(
      `${users}/:id`,
      { config: { operation: 'users.update' } },
      async (request, reply) => {
        await updateUser(deps, request.graph.ctx, request.params.id, jsonObjectBody(request))
        return reply.code(204).send()
      },
    )
    app.delete<IdParams>(
      `${users}/:id`,
      { config: { operation: 'users.delete' } },
      async (request, reply) => {
        await deleteUser(deps, request.graph.ctx, request.params.id)
        return reply.code(204).send()
      },
    )
    app.post(`${users}/:id/memberOf`, { config: { operation: 'groups.members.add' } }, async () => {
      throw errors.writeOnlyOnContained()
    })
  }

  relationRoutes(app, deps, {
    path: '/users/:id',
    types: ['user'],
    key: (request) => (request.params as { id: string }).id,
    relations: [
      { name: 'memberOf', operation: 'users.memberOf.list' },
      { name: 'transitiveMemberOf', operation: 'users.memberOf.list' },
    ],
  })
}
