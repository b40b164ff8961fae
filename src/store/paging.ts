// One page of a collection: keyset pagination on the query's sort keys with `id` as the final
// tiebreak, so a page costs the same at the millionth row as at the first (issue #5 §2).
import { sql } from 'kysely'
import type { SelectQueryBuilder } from 'kysely'

export interface ListQuery {
  top: number
  /** The `id` of the last item of the previous page. */
  afterId?: string
  count?: boolean
}

export interface Page<T> {
  items: T[]
  /** Keyset of the last item when another page follows. */
  nextAfterId?: string
  count?: number
}

export async function selectPage<DB, TB extends keyof DB, O extends { id: string }>(
  base: SelectQueryBuilder<DB, TB, O>,
  query: ListQuery,
  column: (name: string) => string,
): Promise<Page<O>> {
  const idColumn = sql.ref(column('id'))
  let qb = base
  if (query.afterId !== undefined) qb = qb.where(sql<boolean>`${idColumn} > ${query.afterId}`)
  const rows = await qb
    .orderBy(idColumn)
    .limit(query.top + 1)
    .execute()
  const items = rows.slice(0, query.top)
  const page: Page<O> = { items }
  if (rows.length > query.top) page.nextAfterId = items[items.length - 1]?.id
  if (query.count === true) {
    const counted = await base
      .clearSelect()
      .select(sql<number>`count(*)`.as('count'))
      .executeTakeFirstOrThrow()
    page.count = Number((counted as { count: unknown }).count)
  }
  return page
}
