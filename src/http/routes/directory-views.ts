// How directory objects go on the wire: v1.0's default property set (spec §7.2), `@odata.type` on
// members of directoryObject collections, beta-only members hidden on v1.0 (spec §1).
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { DirectoryEntity } from '../../domain/directory-objects.js'
import { typed } from '../../domain/directory-objects.js'
import { BETA_ONLY_MEMBERS, entityType } from '../../model/entities.js'
import type { EntityTypeDef } from '../../model/types.js'
import type { BoundQuery } from '../../odata/bound.js'
import { collectionBody, entityBody, project, selectFragment } from '../../odata/serialize.js'
import type { Page } from '../../store/paging.js'
import type { CollectionRequest } from '../list-query.js'

/** The properties a response shows: $select, else v1.0's default set, else all but beta-only ones. */
export function shownProperties(
  request: FastifyRequest,
  entity: EntityTypeDef,
  bound: BoundQuery,
): string[] | undefined {
  const selected = bound.select?.map((p) => p.name)
  if (selected !== undefined) return selected
  if (request.graph.version === 'beta') return undefined
  const betaOnly = new Set(BETA_ONLY_MEMBERS[entity.name] ?? [])
  const all = Object.entries(entity.properties)
  const shown = all
    .filter(([name, def]) => def.inDefaultSelect && !betaOnly.has(name))
    .map(([name]) => name)
  return shown.length === all.length ? undefined : shown
}

function view(
  request: FastifyRequest,
  bound: BoundQuery,
  item: DirectoryEntity,
  withType: boolean,
): Record<string, unknown> {
  const entity = entityType(item.type)
  const shown = project(
    item.entity,
    shownProperties(request, entity, bound),
    bound.expand.map((e) => e.navigation),
  )
  return withType ? typed({ type: item.type, entity: { ...shown, id: item.entity.id } }) : shown
}

/** A directoryObject collection (members, memberOf …): each item carries its `@odata.type`. */
export function sendDirectoryPage(
  request: FastifyRequest,
  reply: FastifyReply,
  collection: CollectionRequest,
  fragment: string,
  page: Page<DirectoryEntity>,
): FastifyReply {
  const select = collection.bound.select?.map((p) => p.name)
  return reply.send(
    collectionBody(request.graph.scope, selectFragment(fragment, select), {
      items: page.items.map((item) => view(request, collection.bound, item, true)),
      ...(page.count === undefined ? {} : { count: page.count }),
      ...(page.nextKeys === undefined ? {} : { nextLink: collection.nextLink(page.nextKeys) }),
    }),
  )
}

/** A collection of one declared type (users, groups, applications). */
export function sendTypedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  collection: CollectionRequest,
  fragment: string,
  page: Page<DirectoryEntity['entity']>,
  type: DirectoryEntity['type'],
): FastifyReply {
  const select = collection.bound.select?.map((p) => p.name)
  return reply.send(
    collectionBody(request.graph.scope, selectFragment(fragment, select), {
      items: page.items.map((entity) => view(request, collection.bound, { type, entity }, false)),
      ...(page.count === undefined ? {} : { count: page.count }),
      ...(page.nextKeys === undefined ? {} : { nextLink: collection.nextLink(page.nextKeys) }),
    }),
  )
}

export function directoryEntityBody(
  request: FastifyRequest,
  bound: BoundQuery,
  fragment: string,
  item: DirectoryEntity,
  withType = false,
): Record<string, unknown> {
  const select = bound.select?.map((p) => p.name)
  return entityBody(
    request.graph.scope,
    selectFragment(fragment, select),
    view(request, bound, item, withType),
  )
}

/** Graph's canonical `@odata.id` of a directory object (spec §5.4, D10). */
export function directoryObjectUrl(tenantId: string, ref: { id: string; type: string }): string {
  const type = ref.type.charAt(0).toUpperCase() + ref.type.slice(1)
  return `https://graph.microsoft.com/v2/${tenantId}/directoryObjects/${ref.id}/Microsoft.DirectoryServices.${type}`
}
