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
import { directoryCrudRoutes } from './directory-crud.js'
import { relationRoutes } from './relations.js'
import type { RouteDeps } from './route-deps.js'

export function userRoutes(app: FastifyInstance, deps: RouteDeps): void {
  directoryCrudRoutes(app, deps, {
    set: 'users',
    type: 'user',
    entity: user,
    operations: {
      list: 'users.list',
      get: 'users.get',
      create: 'users.create',
      update: 'users.update',
      delete: 'users.delete',
    },
    list: listUsers,
    count: countUsers,
    get: getUser,
    create: (d, request, body) => createUser(d, request.graph.ctx, body),
    update: (d, request, id, body) => updateUser(d, request.graph.ctx, id, body),
    remove: deleteUser,
  })
  for (const version of API_VERSIONS) {
    // memberOf is read-only: groups are joined through their members (spec §2.9).
    app.post(
      `/${version}/users/:id/memberOf`,
      { config: { operation: 'groups.members.add' } },
      async () => {
        throw errors.writeOnlyOnContained()
      },
    )
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
