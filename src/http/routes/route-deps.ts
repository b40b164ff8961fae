// What route handlers are built with: the domain's dependencies plus the edge's query reading.
import type { FastifyRequest } from 'fastify'
import type { DomainDeps } from '../../domain/context.js'
import type { EntityTypeDef } from '../../model/types.js'
import type { CollectionKind, CollectionRequest } from '../list-query.js'

export interface RouteDeps extends DomainDeps {
  /** Parses, binds and checks a collection request's query options. */
  collection(
    request: FastifyRequest,
    entity: EntityTypeDef,
    kind?: CollectionKind,
  ): CollectionRequest
}
