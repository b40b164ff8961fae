// The deleted-items bin (spec §8.5): deleted directory objects as they were, by type.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { selectPage } from './paging.js'
import type { ListQuery, Page } from './paging.js'
import type { CompileOptions } from './query-to-kysely.js'
import type { Database, DeletedItemsTable } from './tables.js'

export type DeletedItem = Omit<DeletedItemsTable, 'tenantId' | 'data'> & {
  data: Record<string, unknown>
}

const COMPILE: CompileOptions = {
  column: (name) =>
    ['id', 'displayName', 'deletedDateTime'].includes(name)
      ? sql.ref(`deletedItems.${name}`)
      : sql`null`,
}

const decode = (row: Omit<DeletedItemsTable, 'tenantId'>): DeletedItem => ({
  ...row,
  data: JSON.parse(row.data) as Record<string, unknown>,
})

export class DeletedItemQueries {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  #select(tenantId: string) {
    return this.#db
      .selectFrom('deletedItems')
      .select(['id', 'type', 'deletedDateTime', 'displayName', 'data'])
      .where('tenantId', '=', tenantId)
  }

  async insert(tenantId: string, item: DeletedItem): Promise<void> {
    await this.#db
      .insertInto('deletedItems')
      .values({ ...item, tenantId, data: JSON.stringify(item.data) })
      .onConflict((oc) =>
        oc
          .columns(['tenantId', 'id'])
          .doUpdateSet({ data: JSON.stringify(item.data), deletedDateTime: item.deletedDateTime }),
      )
      .execute()
  }

  async get(tenantId: string, id: string): Promise<DeletedItem | undefined> {
    const row = await this.#select(tenantId).where('id', '=', id).executeTakeFirst()
    return row === undefined ? undefined : decode(row)
  }

  async list(
    tenantId: string,
    type: string,
    query: ListQuery,
    deletedSince: string,
  ): Promise<Page<DeletedItem>> {
    const base = this.#select(tenantId)
      .where('type', '=', type)
      .where('deletedDateTime', '>=', deletedSince)
    const page = await selectPage(base, query, COMPILE)
    return { ...page, items: page.items.map(decode) }
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('deletedItems')
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }
}
