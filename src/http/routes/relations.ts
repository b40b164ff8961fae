// The membership relations of a user or group (spec §4.5): members, memberOf and their transitive
// closures, each with `/$count`, `/$ref` and OData cast segments, plus the membership actions of
// spec §4.6. Registered once per source (groups/{id}, users/{id}, me, directoryObjects/{id}).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Operation } from '../../auth/permissions.js'
import type { DirectoryType } from '../../domain/directory-objects.js'
import { MEMBERSHIP_ACTIONS, runMembershipAction } from '../../domain/membership-actions.js'
import { countRelation, listRelation } from '../../domain/membership.js'
import { errors } from '../../errors/catalogue.js'
import { directoryObject, group } from '../../model/directory.js'
import { user } from '../../model/entities.js'
import type { ApiVersion } from '../../model/types.js'
import { collectionBody, referenceCollectionBody } from '../../odata/serialize.js'
import type { MemberRelation } from '../../store/members.js'
import { isConsistencyLevelEventual } from '../list-query.js'
import { jsonObjectBody } from '../request-body.js'
import { directoryObjectUrl, sendDirectoryPage } from './directory-views.js'
import type { RouteDeps } from './route-deps.js'
import { sendCount } from './send-page.js'

export interface RelationSource {
  /** The path after the version, e.g. `/groups/:id`. */
  readonly path: string
  readonly types: readonly DirectoryType[]
  /** The user or group the request names (its id, a UPN, or the signed-in user). */
  key(request: FastifyRequest): string
  readonly relations: ReadonlyArray<{ name: MemberRelation; operation: Operation }>
  readonly versions?: readonly ApiVersion[]
  /** The source is the signed-in user (`/me`). */
  readonly delegatedOnly?: boolean
}

const MEMBERSHIP_LIST = { isDirectoryCollection: true, isMembershipList: true } as const
const CASTS = { 'microsoft.graph.user': 'user', 'microsoft.graph.group': 'group' } as const

/** `/$count` on directory relations needs ConsistencyLevel: eventual (spec §7.2, E14). */
function requireEventual(request: FastifyRequest): void {
  if (!isConsistencyLevelEventual(request)) throw errors.countNotSupported()
}

export function relationRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  source: RelationSource,
): void {
  for (const version of source.versions ?? (['v1.0', 'beta'] as const)) {
    const base = `/${version}${source.path}`
    const from = (request: FastifyRequest) => ({ key: source.key(request), types: source.types })

    for (const { name, operation } of source.relations) {
      // Reused until the data changes, except under `/me`, whose answer depends on the caller.
      const config = {
        operation,
        delegatedOnly: source.delegatedOnly === true,
        ...(source.delegatedOnly === true ? {} : { cache: 'data' as const }),
      }
      app.get(`${base}/${name}`, { config }, async (request, reply) => {
        const collection = deps.collection(request, directoryObject, MEMBERSHIP_LIST)
        const page = await listRelation(
          deps,
          request.graph.ctx,
          { source: from(request), relation: name },
          collection.list,
        )
        return sendDirectoryPage(request, reply, collection, 'directoryObjects', page)
      })
      app.get(`${base}/${name}/$count`, { config }, async (request, reply) => {
        requireEventual(request)
        const collection = deps.collection(request, directoryObject, MEMBERSHIP_LIST)
        return sendCount(
          reply,
          await countRelation(
            deps,
            request.graph.ctx,
            { source: from(request), relation: name },
            collection.list,
          ),
        )
      })
      app.get(`${base}/${name}/$ref`, { config }, async (request) => {
        const collection = deps.collection(request, directoryObject, MEMBERSHIP_LIST)
        const page = await listRelation(
          deps,
          request.graph.ctx,
          { source: from(request), relation: name },
          collection.list,
        )
        const ids = page.items.map((item) =>
          directoryObjectUrl(request.graph.ctx.tenantId, { id: item.entity.id, type: item.type }),
        )
        const nextLink =
          page.nextKeys === undefined ? undefined : collection.nextLink(page.nextKeys)
        return referenceCollectionBody(request.graph.scope, ids, nextLink)
      })
      for (const [segment, cast] of Object.entries(CASTS)) {
        const entity = cast === 'user' ? user : group
        app.get(`${base}/${name}/${segment}`, { config }, async (request, reply) => {
          const collection = deps.collection(request, entity, MEMBERSHIP_LIST)
          const page = await listRelation(
            deps,
            request.graph.ctx,
            { source: from(request), relation: name, cast },
            collection.list,
          )
          return sendDirectoryPage(request, reply, collection, `${cast}s`, page)
        })
        app.get(`${base}/${name}/${segment}/$count`, { config }, async (request, reply) => {
          requireEventual(request)
          const collection = deps.collection(request, entity, MEMBERSHIP_LIST)
          const count = await countRelation(
            deps,
            request.graph.ctx,
            { source: from(request), relation: name, cast },
            collection.list,
          )
          return sendCount(reply, count)
        })
      }
    }

    for (const action of MEMBERSHIP_ACTIONS) {
      const config = {
        operation: 'directoryObjects.checkMember' as const,
        delegatedOnly: source.delegatedOnly === true,
      }
      app.post(`${base}/${action}`, { config }, async (request) => {
        const ids = await runMembershipAction(
          deps,
          request.graph.ctx,
          from(request),
          action,
          jsonObjectBody(request),
        )
        return collectionBody(request.graph.scope, 'Collection(Edm.String)', { items: ids })
      })
    }
  }
}
