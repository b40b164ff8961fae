// Graph's request-level rules on a bound query (spec §7.2): $top range, the ConsistencyLevel
// header that unlocks advanced queries on directory objects, one $expand. Pure: headers come in as flags.
import { errors } from '../errors/catalogue.js'
import { assertNever } from './assert-never.js'
import type { BoundFilter, BoundQuery } from './bound.js'

export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 999
/** Directory relationships expand at most 20 items, without a nextLink (spec §7.2, D-QP). */
export const MAX_EXPANDED_DIRECTORY_ITEMS = 20

export interface LimitsContext {
  /** The request carried `ConsistencyLevel: eventual`. */
  readonly consistencyLevelEventual: boolean
  /** users, groups, members, memberOf …; false for the App Proxy collections. */
  readonly isDirectoryCollection: boolean
  /** members / memberOf / transitive lists: $filter and $orderby need the header and $count=true. */
  readonly isMembershipList?: boolean
}

export interface CheckedQuery {
  /** The query to run; `count` is false when it was dropped. */
  readonly query: BoundQuery
  readonly pageSize: number
  /** $count=true without the header on directory objects is ignored, not refused (spec §7.2, D-AQ). */
  readonly countDropped: boolean
  readonly isAdvancedQuery: boolean
  /** Cap on expanded items; undefined when the expansion is not capped. */
  readonly expandLimit: number | undefined
}

/** ne, not, endsWith (and contains, which Graph documents even less) need advanced queries (D-AQ). */
export function usesAdvancedOperators(filter: BoundFilter): boolean {
  switch (filter.kind) {
    case 'compare':
      return filter.op === 'ne'
    case 'not':
      return true
    case 'call':
      return filter.name !== 'startswith'
    case 'in':
      return false
    case 'logical':
      return usesAdvancedOperators(filter.left) || usesAdvancedOperators(filter.right)
    case 'lambda':
      return filter.predicate !== null && usesAdvancedOperators(filter.predicate)
    default:
      return assertNever(filter)
  }
}

export function checkLimits(query: BoundQuery, context: LimitsContext): CheckedQuery {
  if (query.top !== undefined && (query.top.value < 1 || query.top.value > MAX_PAGE_SIZE)) {
    throw errors.invalidPageSize(query.top.raw)
  }
  if (query.expand.length > 1) {
    throw errors.badRequest('Only one navigation property can be expanded per request.')
  }
  const pageSize = query.top?.value ?? DEFAULT_PAGE_SIZE
  if (!context.isDirectoryCollection) {
    // App Proxy collections: CSDL-B marks them filterable, sortable and countable, and nothing
    // documents a ConsistencyLevel requirement (spec §7.2, last paragraph).
    return { query, pageSize, countDropped: false, isAdvancedQuery: false, expandLimit: undefined }
  }

  const eventual = context.consistencyLevelEventual
  const hasFilter = query.filter !== undefined
  const hasOrderBy = query.orderBy.length > 0
  const advancedOperators = query.filter !== undefined && usesAdvancedOperators(query.filter)
  if (query.search !== undefined && !eventual) throw errors.searchNeedsConsistencyLevel()
  // Directory objects page with $skiptoken only.
  if (query.skip !== undefined) throw errors.unsupportedQuery()
  if (context.isMembershipList === true && (hasFilter || hasOrderBy)) {
    if (!eventual || !query.count) throw errors.unsupportedQuery()
  }
  if (!eventual && (advancedOperators || (hasFilter && hasOrderBy))) throw errors.unsupportedQuery()

  const countDropped = query.count && !eventual
  const isAdvancedQuery =
    eventual &&
    (query.search !== undefined || query.count || advancedOperators || (hasFilter && hasOrderBy))
  // "$expand is not supported with advanced queries" (spec §7.2, D-AQ).
  if (isAdvancedQuery && query.expand.length > 0) throw errors.unsupportedQuery()
  return {
    query: countDropped ? { ...query, count: false } : query,
    pageSize,
    countDropped,
    isAdvancedQuery,
    expandLimit: MAX_EXPANDED_DIRECTORY_ITEMS,
  }
}
