// One page of a collection as Graph sends it: value, @odata.count when asked, @odata.nextLink.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { collectionBody } from '../../odata/serialize.js'
import type { Page } from '../../store/paging.js'
import type { RouteDeps } from './route-deps.js'

export function sendPage<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: RouteDeps,
  fragment: string,
  page: Page<T>,
): FastifyReply {
  const nextLink = page.nextAfterId === undefined ? undefined : deps.nextLink(request, page.nextAfterId)
  return reply.send(
    collectionBody(request.graph.scope, fragment, {
      items: page.items,
      ...(page.count === undefined ? {} : { count: page.count }),
      ...(nextLink === undefined ? {} : { nextLink }),
    }),
  )
}
