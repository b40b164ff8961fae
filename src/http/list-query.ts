// Query options of a request → parsed, bound to the model, checked against Graph's limits
// (spec §7.2) → the store's ListQuery; and the nextLink that carries the request's own options
// forward with a signed keyset $skiptoken (clients follow it verbatim).
import type { FastifyRequest } from 'fastify'
import { unescape } from 'node:querystring'
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
  /** The next page's link around a token the store signed with `list.seal`. */
  nextLinkWithToken(skipToken: string): string
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
    seal: { fingerprint, secret },
  }
  const nextLinkWithToken = (skipToken: string) =>
    nextLinkFor(originOf(request), request.url, skipToken)
  return {
    list,
    bound,
    checked,
    nextLink: (keys) => nextLinkWithToken(encodeSkipToken(keys, fingerprint, secret)),
    nextLinkWithToken,
  }
}

const SKIP_OPTIONS = new Set(['$skiptoken', 'skiptoken', '$skip', 'skip'])

/** Whether a raw `name=value` part of a query string names an option the next page replaces. */
function isSkipOption(part: string): boolean {
  const eq = part.indexOf('=')
  const name = eq === -1 ? part : part.slice(0, eq)
  return SKIP_OPTIONS.has((name.includes('%') ? unescape(name) : name).toLowerCase())
}

// What a URL's query may not hold as it is: WHATWG URL's query percent-encode set and the rest of
// what RFC 3986 leaves out. Requests over HTTP cannot carry them; $batch and inject URLs can.
const NOT_URL_SAFE = /[^\x21-\x7e]|["#<>\\^`{|}]/
// Whole code points: a character outside the BMP is one UTF-8 sequence, not two.
const NOT_URL_SAFE_ALL = new RegExp(NOT_URL_SAFE.source, 'gu')
const percentEncode = (text: string): string =>
  !NOT_URL_SAFE.test(text)
    ? text
    : text.replace(NOT_URL_SAFE_ALL, (char) =>
        Array.from(
          Buffer.from(char),
          (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
        ).join(''),
      )

/**
 * The request's URL, absolute, with `$skiptoken` replaced and its other options as the client
 * wrote them, as Graph's nextLinks carry them (spec §7.2); the token is base64url and a dot,
 * safe in a URL as it is. `url` is the request's path and query, as the server received it.
 */
export function nextLinkFor(origin: string, url: string, skipToken: string): string {
  const queryStart = url.indexOf('?')
  const path = queryStart === -1 ? url : url.slice(0, queryStart)
  let options = ''
  if (queryStart !== -1) {
    for (const part of url.slice(queryStart + 1).split('&'))
      if (part !== '' && !isSkipOption(part)) options += `${part}&`
  }
  return percentEncode(`${origin}${path}?${options}$skiptoken=${skipToken}`)
}

/** The origin clients see: the service root without its version segment. */
function originOf(request: FastifyRequest): string {
  const { serviceRoot } = request.graph.scope
  return serviceRoot.slice(0, serviceRoot.length - request.graph.version.length - 1)
}
