// directoryObjects/{id}, getByIds, their membership relations, and the deleted-items bin
// (spec §2.1, §8.5).
import type { FastifyInstance } from 'fastify'
import type { DirectoryType } from '../../domain/directory-objects.js'
import { getByIds, getDirectoryObject } from '../../domain/directory-lookup.js'
import {
  getDeletedItem,
  listDeletedItems,
  purgeDeletedItem,
  restoreDeletedItem,
} from '../../domain/deleted-items.js'
import { directoryObject } from '../../model/directory.js'
import { API_VERSIONS } from '../../model/types.js'
import { collectionBody } from '../../odata/serialize.js'
import { readEntityQuery } from '../list-query.js'
import { jsonObjectBody } from '../request-body.js'
import { directoryEntityBody, sendDirectoryPage } from './directory-views.js'
import { relationRoutes } from './relations.js'
import type { RouteDeps } from './route-deps.js'

type IdParams = { Params: { id: string } }
const TYPES: readonly DirectoryType[] = ['user', 'group', 'application']

export function directoryObjectRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const version of API_VERSIONS) {
    const root = `/${version}/directoryObjects`
    app.get<IdParams>(
      `${root}/:id`,
      { config: { operation: 'directoryObjects.get' } },
      async (request) => {
        const found = await getDirectoryObject(deps, request.graph.ctx, request.params.id)
        return directoryEntityBody(
          request,
          readEntityQuery(request, directoryObject),
          'directoryObjects/$entity',
          found,
          true,
        )
      },
    )
    app.post(
      `${root}/getByIds`,
      { config: { operation: 'directoryObjects.getByIds' } },
      async (request) => {
        const found = await getByIds(deps, request.graph.ctx, jsonObjectBody(request))
        const bound = readEntityQuery(request, directoryObject)
        return collectionBody(request.graph.scope, 'directoryObjects', {
          items: found.map((item) => {
            const { '@odata.context': _context, ...body } = directoryEntityBody(
              request,
              bound,
              '',
              item,
              true,
            )
            return body
          }),
        })
      },
    )

    const bin = `/${version}/directory/deletedItems`
    for (const type of TYPES) {
      app.get(
        `${bin}/microsoft.graph.${type}`,
        { config: { operation: 'deletedItems.list' } },
        async (request, reply) => {
          const collection = deps.collection(request, directoryObject, {
            isDirectoryCollection: true,
          })
          const page = await listDeletedItems(deps, request.graph.ctx, type, collection.list)
          return sendDirectoryPage(
            request,
            reply,
            collection,
            `directory/deletedItems/microsoft.graph.${type}`,
            page,
          )
        },
      )
    }
    app.get<IdParams>(
      `${bin}/:id`,
      { config: { operation: 'deletedItems.list' } },
      async (request) => {
        const found = await getDeletedItem(deps, request.graph.ctx, request.params.id)
        return directoryEntityBody(
          request,
          readEntityQuery(request, directoryObject),
          'directory/deletedItems/$entity',
          found,
          true,
        )
      },
    )
    app.post<IdParams>(
      `${bin}/:id/restore`,
      { config: { operation: 'deletedItems.restore' } },
      async (request) => {
        const restored = await restoreDeletedItem(deps, request.graph.ctx, request.params.id)
        return directoryEntityBody(
          request,
          readEntityQuery(request, directoryObject),
          'directoryObjects/$entity',
          restored,
          true,
        )
      },
    )
    app.delete<IdParams>(
      `${bin}/:id`,
      { config: { operation: 'deletedItems.restore' } },
      async (request, reply) => {
        await purgeDeletedItem(deps, request.graph.ctx, request.params.id)
        return reply.code(204).send()
      },
    )
  }

  relationRoutes(app, deps, {
    path: '/directoryObjects/:id',
    types: ['user', 'group'],
    key: (request) => (request.params as { id: string }).id,
    relations: [
      { name: 'memberOf', operation: 'users.memberOf.list' },
      { name: 'transitiveMemberOf', operation: 'users.memberOf.list' },
    ],
  })
}
