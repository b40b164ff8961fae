// What route handlers are built with: the domain's dependencies plus the edge's query reading.
import type { FastifyRequest } from 'fastify'
import type { DomainDeps } from '../../domain/context.js'
import type { ListQuery } from '../../store/paging.js'

export interface RouteDeps extends DomainDeps {
  listQuery(request: FastifyRequest): ListQuery
  nextLink(request: FastifyRequest, afterId: string): string
}
