// Query options of a request → parsed, bound to the model, checked against Graph's limits
// (spec §7.2) → the store's ListQuery; and the nextLink that carries the request's own options
// forward with a signed keyset $skiptoken (clients follow it verbatim).
import type { FastifyRequest } from 'fastify'
import type { EntityTypeDef } from '../model/types.js'
import { bindQuery } from '../odata/bind.js'
import type { BoundQuery } from '../odata/bound.js'
import { checkLimits } from '../odata/limits.js'
import type { CheckedQuery, LimitsContext } from '../odata/limits.js'
import { parseQueryOptions } from '../odata/query-options.js'
import { decodeSkipToken, encodeSkipToken, queryFingerprint } from '../odata/skiptoken.js'
import type { KeyValue } from '../odata/skiptoken.js'
import type { ListQuery } from '../store/paging.js'

export type CollectionKind = Omit<LimitsContext, 'consistencyLevelEventual'>

export const APP_PROXY_COLLECTION: CollectionKind = { isDirectoryCollection: false }

export interface CollectionRequest {
  readonly list: ListQuery
  readonly bound: BoundQuery
  readonly checked: CheckedQuery
  nextLink(keys: readonly KeyValue[]): string
}

function rawOptions(
  request: FastifyRequest,
): Record<string, string | readonly string[] | undefined> {
  return request.query as Record<string, string | readonly string[] | undefined>
}

export function isConsistencyLevelEventual(request: FastifyRequest): boolean {
  const header = request.headers.consistencylevel
  return typeof header === 'string' && header.trim().toLowerCase() === 'eventual'
}

/** The options of a single-entity read: only $select and $expand shape it. */
export function readEntityQuery(request: FastifyRequest, entity: EntityTypeDef): BoundQuery {
  const options = parseQueryOptions(rawOptions(request), {
    dollarOptional: request.graph.version === 'beta',
  })
  return bindQuery(options, entity)
}

export function readCollectionQuery(
  request: FastifyRequest,
  entity: EntityTypeDef,
  kind: CollectionKind,
  secret: string,
): CollectionRequest {
  const options = parseQueryOptions(rawOptions(request), {
    dollarOptional: request.graph.version === 'beta',
  })
  const bound = bindQuery(options, entity)
  const checked = checkLimits(bound, {
    ...kind,
    consistencyLevelEventual: isConsistencyLevelEventual(request),
  })
  const fingerprint = queryFingerprint(options)
  const after =
    bound.skiptoken === undefined
      ? undefined
      : decodeSkipToken(bound.skiptoken, {
          fingerprint,
          keyCount: bound.orderBy.length + 1,
          secret,
        })
  const list: ListQuery = {
    filter: bound.filter,
    search: bound.search,
    orderBy: bound.orderBy,
    pageSize: checked.pageSize,
    // @odata.count and $skip belong to the first page only (spec §7.2).
    count: checked.query.count && after === undefined,
    ...(after === undefined ? { skip: bound.skip } : { after }),
  }
  return {
    list,
    bound,
    checked,
    nextLink: (keys) => nextLinkFor(request, encodeSkipToken(keys, fingerprint, secret)),
  }
}

const SKIP_OPTIONS = new Set(['$skiptoken', 'skiptoken', '$skip', 'skip'])

/** The request's URL, absolute, with its options kept and `$skiptoken` replaced. */
function nextLinkFor(request: FastifyRequest, skipToken: string): string {
  const queryStart = request.url.indexOf('?')
  const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart)
  const params = new URLSearchParams(queryStart === -1 ? '' : request.url.slice(queryStart + 1))
  for (const name of [...params.keys()])
    if (SKIP_OPTIONS.has(name.toLowerCase())) params.delete(name)
  params.set('$skiptoken', skipToken)
  const { serviceRoot } = request.graph.scope
  const origin = serviceRoot.slice(0, serviceRoot.length - request.graph.version.length - 1)
  return `${origin}${path}?${params.toString()}`
}
