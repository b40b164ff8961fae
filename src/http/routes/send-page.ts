// Collections and entities as Graph sends them: $select applied to the body and the context URL,
// @odata.count when asked, @odata.nextLink when more follows, $count segments as text/plain.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { BoundQuery } from '../../odata/bound.js'
import {
  collectionBody,
  collectionText,
  entityBody,
  project,
  selectFragment,
} from '../../odata/serialize.js'
import type { JsonPage } from '../../store/page-json.js'
import type { Page } from '../../store/paging.js'
import type { CollectionRequest } from '../list-query.js'

/** The names a collection request's $select keeps (undefined: every property). */
export const selectedNames = (bound: BoundQuery) => bound.select?.map((p) => p.name)
const expandedNames = (bound: BoundQuery) => bound.expand.map((e) => e.navigation)

export function sendPage<T extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  collection: CollectionRequest,
  fragment: string,
  page: Page<T>,
): FastifyReply {
  const select = selectedNames(collection.bound)
  const expanded = expandedNames(collection.bound)
  return reply.send(
    collectionBody(request.graph.scope, selectFragment(fragment, select), {
      items: page.items.map((item) => project(item, select, expanded)),
      ...(page.count === undefined ? {} : { count: page.count }),
      ...(page.nextKeys === undefined ? {} : { nextLink: collection.nextLink(page.nextKeys) }),
    }),
  )
}

/**
 * sendPage for a page the store gave as JSON text; $select was applied there, and the next
 * page's token signed where the collection's ListQuery asked for it.
 */
export function sendJsonPage(
  request: FastifyRequest,
  reply: FastifyReply,
  collection: CollectionRequest,
  fragment: string,
  page: JsonPage,
): FastifyReply {
  const nextLink =
    page.nextToken !== undefined
      ? collection.nextLinkWithToken(page.nextToken)
      : page.nextKeys === undefined
        ? undefined
        : collection.nextLink(page.nextKeys)
  const text = collectionText(
    request.graph.scope,
    selectFragment(fragment, selectedNames(collection.bound)),
    {
      itemsJson: page.json,
      ...(page.count === undefined ? {} : { count: page.count }),
      ...(nextLink === undefined ? {} : { nextLink }),
    },
  )
  return reply.type('application/json; charset=utf-8').send(text)
}

export function sendEntity<T extends object>(
  request: FastifyRequest,
  bound: BoundQuery,
  fragment: string,
  entity: T,
): Record<string, unknown> {
  const select = selectedNames(bound)
  return entityBody(
    request.graph.scope,
    selectFragment(fragment, select),
    project(entity, select, expandedNames(bound)),
  )
}

/** `/$count` segments answer a bare integer as text/plain (spec §7.2). */
export function sendCount(reply: FastifyReply, count: number): FastifyReply {
  return reply.type('text/plain; charset=utf-8').send(String(count))
}

/**
 * The answer to every `$ref` POST (issue #2 §4, issue #4 §4): 204, or 201 with the linked entity
 * when the request asked for `Prefer: return=representation`. `body` is built only then.
 */
export async function sendReferenceAdded(
  request: FastifyRequest,
  reply: FastifyReply,
  body: () => Record<string, unknown> | Promise<Record<string, unknown>>,
): Promise<FastifyReply> {
  if (!request.graph.preferRepresentation) return reply.code(204).send()
  const representation = await body()
  reply.header('Preference-Applied', 'return=representation')
  return reply.code(201).send(representation)
}
