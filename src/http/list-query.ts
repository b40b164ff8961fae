// Query options of collection requests → the store's ListQuery, and the nextLink that carries the
// request's own options forward (spec §7.2: clients follow it verbatim).
import type { FastifyRequest } from 'fastify'
import { errors } from '../errors/catalogue.js'
import type { ListQuery } from '../store/paging.js'
import type { SkipTokens } from './skip-tokens.js'

export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 999

function option(query: Record<string, unknown>, name: string, dollarOptional: boolean): string | undefined {
  const value = query[`$${name}`] ?? (dollarOptional ? query[name] : undefined)
  if (Array.isArray(value)) throw errors.badRequest(`Query option '$${name}' was specified more than once.`)
  return typeof value === 'string' ? value : undefined
}

export function listQueryFrom(request: FastifyRequest, tokens: SkipTokens): ListQuery {
  const query = request.query as Record<string, unknown>
  const dollarOptional = request.graph.version === 'beta'
  const top = option(query, 'top', dollarOptional)
  const skipToken = option(query, 'skiptoken', dollarOptional)
  const count = option(query, 'count', dollarOptional)
  let size = DEFAULT_PAGE_SIZE
  if (top !== undefined) {
    size = /^\d+$/.test(top) ? Number(top) : Number.NaN
    if (!(size >= 1 && size <= MAX_PAGE_SIZE)) throw errors.invalidPageSize(top)
  }
  const list: ListQuery = { top: size, count: count === 'true' && skipToken === undefined }
  if (skipToken !== undefined) list.afterId = tokens.read(skipToken, request.graph.ctx.tenantId)
  return list
}

/** The request's URL with its options kept and `$skiptoken` replaced (spec §7.2). */
export function nextLinkFor(request: FastifyRequest, tokens: SkipTokens, afterId: string): string {
  const [path, search = ''] = request.url.split('?') as [string, string?]
  const params = new URLSearchParams(search)
  params.delete('$skiptoken')
  params.delete('skiptoken')
  params.delete('$count')
  params.set('$skiptoken', tokens.write(afterId, request.graph.ctx.tenantId))
  const origin = request.graph.scope.serviceRoot.slice(
    0,
    request.graph.scope.serviceRoot.length - request.graph.version.length - 1,
  )
  return `${origin}${path}?${params.toString()}`
}
