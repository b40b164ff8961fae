// One page of a collection: the bound query's filter, search and order compiled to SQL, keyset
// pagination on the sort keys with `id` as the final tiebreak, so a page costs the same at the
// millionth row as at the first (issue #5 §2). Nothing is filtered in JS after loading.
import { CompiledQuery, sql } from 'kysely'
import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { BoundFilter, BoundOrderKey, BoundSearch } from '../odata/bound.js'
import type { KeyValue, SkipTokenSeal } from '../odata/skiptoken.js'
import { applyFilter, applyKeyset, applyOrderBy, applySearch } from './query-to-kysely.js'
import type { CompileOptions } from './query-to-kysely.js'
import { keysetValues } from './keyset.js'
import { serialiseRows } from './page-json.js'
import type { PageReader } from './page-json.js'

export interface ListQuery {
  readonly filter?: BoundFilter
  readonly search?: BoundSearch
  readonly orderBy: readonly BoundOrderKey[]
  readonly pageSize: number
  /** The sort-key values (then the id) of the previous page's last item. */
  readonly after?: readonly KeyValue[]
  /** $skip, where the collection allows it (first page only). */
  readonly skip?: number
  readonly count?: boolean
  /**
   * JSON pages sign the next page's $skiptoken with this where their rows are read: on SQLite,
   * off the request thread, where it was a twelfth of a nextLink page's work (W8 in
   * bench/README.md). Other pages leave the keyset to the caller.
   */
  readonly seal?: SkipTokenSeal
}

/** The first `size` items in key order, for expansions and internal reads. */
export const firstItems = (size: number): ListQuery => ({ orderBy: [], pageSize: size })

export interface Page<T> {
  items: T[]
  /** Keyset of the last item when another page follows. */
  nextKeys?: KeyValue[]
  count?: number
}

/** The page's query (filter, search, keyset, order, limit), and the filtered one to count. */
export function pageQuery<DB, TB extends keyof DB, O>(
  base: SelectQueryBuilder<DB, TB, O>,
  query: ListQuery,
  options: CompileOptions,
): { page: SelectQueryBuilder<DB, TB, O>; filtered: SelectQueryBuilder<DB, TB, O> } {
  const filtered = applySearch(applyFilter(base, query.filter, options), query.search, options)
  let page = applyOrderBy(
    applyKeyset(filtered, query.orderBy, query.after, options),
    query.orderBy,
    options,
  )
  // Written into the SQL, not bound: SQLite (3.47 on) plans with a bound LIMIT's value, so each
  // new binding re-prepares the statement, a third of a one-row read (bench/README.md). Both are
  // integers checked against Graph's limits, and few distinct values occur.
  if (query.skip !== undefined && query.skip > 0) page = page.offset(sql.lit(query.skip))
  return { page: page.limit(sql.lit(query.pageSize + 1)), filtered }
}

export async function selectPage<DB, TB extends keyof DB, O>(
  base: SelectQueryBuilder<DB, TB, O>,
  query: ListQuery,
  options: CompileOptions,
): Promise<Page<O>> {
  const { page: pageQb, filtered } = pageQuery(base, query, options)
  const rows = await pageQb.execute()
  const items = rows.slice(0, query.pageSize)
  const page: Page<O> = { items }
  const last = items[items.length - 1]
  if (rows.length > query.pageSize && last !== undefined) {
    page.nextKeys = keysetValues(last as Record<string, unknown>, query.orderBy)
  }
  if (query.count === true) page.count = await countRows(filtered)
  return page
}

export async function countRows<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const row = await qb
    .clearSelect()
    .clearOrderBy()
    .select(sql<number>`count(*)`.as('count'))
    .executeTakeFirstOrThrow()
  return Number((row as { count: unknown }).count)
}

/** Runs JSON pages on the connection (or transaction) it is given, in this thread. */
export function inProcessPages<DB>(db: Kysely<DB>): PageReader {
  return {
    async read(statement, shape, seal) {
      const query = CompiledQuery.raw(statement.sql, [...statement.parameters])
      const { rows } = await db.executeQuery<Record<string, unknown>>(query)
      return serialiseRows(rows, shape, seal)
    },
  }
}
