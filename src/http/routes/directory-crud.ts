// The CRUD routes users, groups and applications share (spec §2.6–2.8): list with Graph's
// directory query rules, `/$count` behind ConsistencyLevel, create (201 + Location), get (with
// `$expand` of membership), update (204), delete (204). Each resource passes its own services.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Operation } from '../../auth/permissions.js'
import type { DomainDeps, RequestContext } from '../../domain/context.js'
import { expandDirectoryObjects } from '../../domain/directory-expand.js'
import type { DirectoryType } from '../../domain/directory-objects.js'
import { errors } from '../../errors/catalogue.js'
import type { ApiVersion, EntityTypeDef } from '../../model/types.js'
import { API_VERSIONS } from '../../model/types.js'
import type { ListQuery, Page } from '../../store/paging.js'
import { isConsistencyLevelEventual, readEntityQuery } from '../list-query.js'
import { jsonObjectBody } from '../request-body.js'
import { directoryEntityBody, sendTypedPage } from './directory-views.js'
import type { RouteDeps } from './route-deps.js'
import { sendCount } from './send-page.js'

type Entity = { id: string } & Record<string, unknown>
type IdParams = { Params: { id: string } }

export interface DirectoryResource<T extends Entity> {
  /** The entity set, e.g. `users`. */
  readonly set: string
  readonly type: DirectoryType
  readonly entity: EntityTypeDef
  readonly operations: Record<'list' | 'get' | 'create' | 'update' | 'delete', Operation>
  list(deps: DomainDeps, ctx: RequestContext, query: ListQuery): Promise<Page<T>>
  count(
    deps: DomainDeps,
    ctx: RequestContext,
    query: Pick<ListQuery, 'filter' | 'search'>,
  ): Promise<number>
  get(deps: DomainDeps, ctx: RequestContext, id: string): Promise<T>
  create(
    deps: DomainDeps,
    request: FastifyRequest,
    body: Record<string, unknown>,
    version: ApiVersion,
  ): Promise<T>
  update(
    deps: DomainDeps,
    request: FastifyRequest,
    id: string,
    body: Record<string, unknown>,
    version: ApiVersion,
  ): Promise<unknown>
  remove(deps: DomainDeps, ctx: RequestContext, id: string): Promise<void>
}

const DIRECTORY = { isDirectoryCollection: true } as const

export function directoryCrudRoutes<T extends Entity>(
  app: FastifyInstance,
  deps: RouteDeps,
  resource: DirectoryResource<T>,
): void {
  const { set, type, entity, operations } = resource
  const expand = async (request: FastifyRequest, items: T[], navigation: string | undefined) =>
    navigation === undefined
      ? items
      : expandDirectoryObjects(deps, request.graph.ctx, type, items, navigation)

  for (const version of API_VERSIONS) {
    const root = `/${version}/${set}`

    app.get(root, { config: { operation: operations.list } }, async (request, reply) => {
      const collection = deps.collection(request, entity, DIRECTORY)
      const page = await resource.list(deps, request.graph.ctx, collection.list)
      page.items = await expand(request, page.items, collection.bound.expand[0]?.navigation)
      return sendTypedPage(request, reply, collection, set, page, type)
    })
    app.get(
      `${root}/$count`,
      { config: { operation: operations.list } },
      async (request, reply) => {
        if (!isConsistencyLevelEventual(request)) throw errors.countNotSupported()
        const collection = deps.collection(request, entity, DIRECTORY)
        return sendCount(reply, await resource.count(deps, request.graph.ctx, collection.list))
      },
    )
    app.post(root, { config: { operation: operations.create } }, async (request, reply) => {
      const created = await resource.create(deps, request, jsonObjectBody(request), version)
      reply.header('Location', `${request.graph.scope.serviceRoot}/${set}/${created.id}`)
      const bound = readEntityQuery(request, entity)
      return reply
        .code(201)
        .send(directoryEntityBody(request, bound, `${set}/$entity`, { type, entity: created }))
    })
    app.get<IdParams>(`${root}/:id`, { config: { operation: operations.get } }, async (request) => {
      const bound = readEntityQuery(request, entity)
      const found = await resource.get(deps, request.graph.ctx, request.params.id)
      const [shown = found] = await expand(request, [found], bound.expand[0]?.navigation)
      return directoryEntityBody(request, bound, `${set}/$entity`, { type, entity: shown })
    })
    // 204 (spec §4.3 for groups, also when the body binds members).
    app.patch<IdParams>(
      `${root}/:id`,
      { config: { operation: operations.update } },
      async (request, reply) => {
        await resource.update(deps, request, request.params.id, jsonObjectBody(request), version)
        return reply.code(204).send()
      },
    )
    app.delete<IdParams>(
      `${root}/:id`,
      { config: { operation: operations.delete } },
      async (request, reply) => {
        await resource.remove(deps, request.graph.ctx, request.params.id)
        return reply.code(204).send()
      },
    )
  }
}
