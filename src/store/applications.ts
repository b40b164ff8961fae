// Queries on applications, and their connector group (spec §3.4).
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { application } from '../model/entities.js'
import type { EntityJson } from '../model/types.js'
import { decodeRow, encodeProperties } from './row-codec.js'
import type { Database } from './tables.js'
import { countRows, selectPage } from './paging.js'
import { applyFilter, applySearch } from './query-to-kysely.js'
import type { ListQuery, Page } from './paging.js'
import type { CompileOptions } from './query-to-kysely.js'

export type Application = EntityJson<typeof application>

const COLUMNS = [
  'id',
  'deletedDateTime',
  'appId',
  'displayName',
  'description',
  'signInAudience',
  'createdDateTime',
  'onPremisesPublishing',
] as const
const COMPILE: CompileOptions = { column: (name) => sql.ref(`applications.${name}`) }

export class ApplicationQueries {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async get(
    tenantId: string,
    id: string,
  ): Promise<(Application & { connectorGroupId: string | null }) | undefined> {
    const row = await this.#db
      .selectFrom('applications')
      .select([...COLUMNS, 'connectorGroupId'])
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (row === undefined) return undefined
    return { ...decodeRow<Application>(application, row), connectorGroupId: row.connectorGroupId }
  }

  async listInGroup(
    tenantId: string,
    groupId: string,
    query: ListQuery,
  ): Promise<Page<Application>> {
    const base = this.#db
      .selectFrom('applications')
      .select(COLUMNS)
      .where('tenantId', '=', tenantId)
      .where('connectorGroupId', '=', groupId)
    const page = await selectPage(base, query, COMPILE)
    return { ...page, items: page.items.map((row) => decodeRow<Application>(application, row)) }
  }

  /** The applications of several groups at once, for `$expand=applications`. */
  async listByGroups(
    tenantId: string,
    groupIds: readonly string[],
  ): Promise<Map<string, Application[]>> {
    const result = new Map<string, Application[]>(groupIds.map((id) => [id, []]))
    if (groupIds.length === 0) return result
    const rows = await this.#db
      .selectFrom('applications')
      .select([...COLUMNS, 'connectorGroupId'])
      .where('tenantId', '=', tenantId)
      .where('connectorGroupId', 'in', groupIds)
      .orderBy('id')
      .execute()
    for (const row of rows) {
      if (row.connectorGroupId !== null) {
        result.get(row.connectorGroupId)?.push(decodeRow<Application>(application, row))
      }
    }
    return result
  }

  async insert(
    tenantId: string,
    value: Application,
    connectorGroupId: string | null,
  ): Promise<void> {
    await this.#db
      .insertInto('applications')
      .values({
        ...(encodeProperties(application, value) as Omit<Application, 'onPremisesPublishing'> & {
          onPremisesPublishing: string | null
        }),
        tenantId,
        connectorGroupId,
      })
      .execute()
  }

  #inTenant(tenantId: string) {
    return this.#db.selectFrom('applications').select(COLUMNS).where('tenantId', '=', tenantId)
  }

  async list(tenantId: string, query: ListQuery): Promise<Page<Application>> {
    const page = await selectPage(this.#inTenant(tenantId), query, COMPILE)
    return { ...page, items: page.items.map((row) => decodeRow<Application>(application, row)) }
  }

  count(tenantId: string, query: Pick<ListQuery, 'filter' | 'search'>): Promise<number> {
    return countRows(
      applySearch(
        applyFilter(this.#inTenant(tenantId), query.filter, COMPILE),
        query.search,
        COMPILE,
      ),
    )
  }

  async update(tenantId: string, id: string, changes: Partial<Application>): Promise<void> {
    const values = encodeProperties(application, changes)
    if (Object.keys(values).length === 0) return
    await this.#db
      .updateTable('applications')
      .set(values)
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.#db
      .deleteFrom('applications')
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }

  async setConnectorGroup(tenantId: string, id: string, groupId: string | null): Promise<void> {
    await this.#db
      .updateTable('applications')
      .set({ connectorGroupId: groupId })
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }
}
