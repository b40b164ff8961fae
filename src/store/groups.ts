// Queries on groups, shared by both databases; every query scoped by tenant.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { group } from '../model/directory.js'
import type { EntityJson } from '../model/types.js'
import { countRows, selectPage } from './paging.js'
import type { ListQuery, Page } from './paging.js'
import { applyFilter, applySearch } from './query-to-kysely.js'
import type { CompileOptions, JsonArrayStrategy } from './query-to-kysely.js'
import type { RelatedIds } from './members.js'
import { decodeRow, encodeProperties } from './row-codec.js'
import type { Database, GroupsTable } from './tables.js'

export type Group = EntityJson<typeof group>

export const GROUP_COLUMNS = Object.keys(group.properties) as Array<keyof Group & string>

export class GroupQueries {
  readonly #db: Kysely<Database>
  readonly #compile: CompileOptions

  constructor(db: Kysely<Database>, jsonArray: JsonArrayStrategy) {
    this.#db = db
    this.#compile = { column: (name) => sql.ref(`groups.${name}`), jsonArray }
  }

  #inTenant(tenantId: string) {
    return this.#db.selectFrom('groups').select(GROUP_COLUMNS).where('tenantId', '=', tenantId)
  }

  async get(tenantId: string, id: string): Promise<Group | undefined> {
    const row = await this.#inTenant(tenantId).where('id', '=', id).executeTakeFirst()
    return row === undefined ? undefined : decodeRow<Group>(group, row)
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<Group[]> {
    if (ids.length === 0) return []
    const rows = await this.#inTenant(tenantId).where('id', 'in', ids).execute()
    return rows.map((row) => decodeRow<Group>(group, row))
  }

  #scoped(tenantId: string, restrictTo?: RelatedIds) {
    const base = this.#inTenant(tenantId)
    return restrictTo === undefined ? base : base.where('id', 'in', restrictTo)
  }

  /** A page of the tenant's groups, or only of those `restrictTo` names (typed member lists). */
  async list(tenantId: string, query: ListQuery, restrictTo?: RelatedIds): Promise<Page<Group>> {
    const page = await selectPage(this.#scoped(tenantId, restrictTo), query, this.#compile)
    return { ...page, items: page.items.map((row) => decodeRow<Group>(group, row)) }
  }

  count(
    tenantId: string,
    query: Pick<ListQuery, 'filter' | 'search'>,
    restrictTo?: RelatedIds,
  ): Promise<number> {
    const filtered = applyFilter(this.#scoped(tenantId, restrictTo), query.filter, this.#compile)
    return countRows(applySearch(filtered, query.search, this.#compile))
  }

  async insert(tenantId: string, value: Group): Promise<void> {
    await this.#db
      .insertInto('groups')
      .values({ ...(encodeProperties(group, value) as Omit<GroupsTable, 'tenantId'>), tenantId })
      .execute()
  }

  async update(tenantId: string, id: string, changes: Partial<Group>): Promise<void> {
    const values = encodeProperties(group, changes)
    if (Object.keys(values).length === 0) return
    await this.#db
      .updateTable('groups')
      .set(values)
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.#db
      .deleteFrom('groups')
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }
}
