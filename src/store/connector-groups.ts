// Queries on connector groups, one Kysely query each for both databases. Every query is
// scoped by tenant (src/store/README.md).
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { connectorGroup } from '../model/entities.js'
import type { EntityJson } from '../model/types.js'
import { decodeRow, encodeProperties } from './row-codec.js'
import type { Database } from './tables.js'
import { CompiledStatement } from './compiled-statement.js'
import { countRows, selectPage } from './paging.js'
import { selectJsonPage } from './json-paging.js'
import type { JsonPages, PageSource } from './json-paging.js'
import type { JsonPage } from './page-json.js'
import type { ListQuery, Page } from './paging.js'
import { applyFilter, applySearch } from './query-to-kysely.js'
import type { CompileOptions } from './query-to-kysely.js'

export type ConnectorGroup = EntityJson<typeof connectorGroup>

const COLUMNS = ['id', 'name', 'connectorGroupType', 'isDefault', 'region'] as const
const COMPILE: CompileOptions = { column: (name) => sql.ref(`connectorGroups.${name}`) }

/** Pages of a tenant's connector groups; on SQLite their rows keep their items (sqlite/stored-items.ts). */
export const CONNECTOR_GROUP_PAGES: PageSource<Database, 'connectorGroups', { tenantId: string }> =
  {
    name: 'connectorGroups',
    entity: connectorGroup,
    columns: COLUMNS,
    storedItemTable: 'connectorGroups',
    from: (db, { tenantId }) => db.selectFrom('connectorGroups').where('tenantId', '=', tenantId),
    compile: () => COMPILE,
  }

// The statements every create and every uncached read runs (src/store/compiled-statement.ts).
const GET = new CompiledStatement((db: Kysely<Database>, key: { tenantId: string; id: string }) =>
  db
    .selectFrom('connectorGroups')
    .select(COLUMNS)
    .where('tenantId', '=', key.tenantId)
    .where('id', '=', key.id),
)
const INSERT = new CompiledStatement(
  (db: Kysely<Database>, row: ConnectorGroup & { tenantId: string; createdDateTime: string }) =>
    db.insertInto('connectorGroups').values({
      id: row.id,
      tenantId: row.tenantId,
      name: row.name,
      connectorGroupType: row.connectorGroupType,
      isDefault: row.isDefault,
      region: row.region,
      createdDateTime: row.createdDateTime,
    }),
)

export class ConnectorGroupQueries {
  readonly #db: Kysely<Database>
  readonly #pages: JsonPages
  constructor(db: Kysely<Database>, pages: JsonPages) {
    this.#db = db
    this.#pages = pages
  }

  async get(tenantId: string, id: string): Promise<ConnectorGroup | undefined> {
    const row = await GET.executeTakeFirst(this.#db, { tenantId, id })
    return row === undefined ? undefined : decodeRow(connectorGroup, row)
  }

  async getDefault(tenantId: string): Promise<ConnectorGroup | undefined> {
    const row = await this.#db
      .selectFrom('connectorGroups')
      .select(COLUMNS)
      .where('tenantId', '=', tenantId)
      .where('isDefault', '=', true)
      .executeTakeFirst()
    return row === undefined ? undefined : decodeRow(connectorGroup, row)
  }

  #inTenant(tenantId: string) {
    return this.#db.selectFrom('connectorGroups').select(COLUMNS).where('tenantId', '=', tenantId)
  }

  async list(tenantId: string, query: ListQuery): Promise<Page<ConnectorGroup>> {
    const page = await selectPage(this.#inTenant(tenantId), query, COMPILE)
    return { ...page, items: page.items.map((row) => decodeRow(connectorGroup, row)) }
  }

  /** The page `list` would give, with `select` applied, as JSON (src/store/page-json.ts). */
  listJson(
    tenantId: string,
    query: ListQuery,
    select: readonly string[] | undefined,
  ): Promise<JsonPage> {
    return selectJsonPage({
      db: this.#db,
      source: CONNECTOR_GROUP_PAGES,
      values: { tenantId },
      query,
      pages: this.#pages,
      select,
    })
  }

  count(tenantId: string, query: Pick<ListQuery, 'filter' | 'search'>): Promise<number> {
    const filtered = applyFilter(this.#inTenant(tenantId), query.filter, COMPILE)
    return countRows(applySearch(filtered, query.search, COMPILE))
  }

  async insert(tenantId: string, group: ConnectorGroup, createdDateTime: string): Promise<void> {
    const encoded = encodeProperties(connectorGroup, group) as ConnectorGroup
    await INSERT.execute(this.#db, { ...encoded, tenantId, createdDateTime })
  }

  async update(tenantId: string, id: string, changes: Partial<ConnectorGroup>): Promise<void> {
    const values = encodeProperties(connectorGroup, changes)
    if (Object.keys(values).length === 0) return
    await this.#db
      .updateTable('connectorGroups')
      .set(values)
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('connectorGroups')
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  /** Whether anything still points at the group (spec §3.3: region lock, delete rule). */
  async isInUse(tenantId: string, id: string): Promise<boolean> {
    const row = await this.#db
      .selectNoFrom((eb) => [
        eb
          .exists(
            eb
              .selectFrom('connectors')
              .select('id')
              .where('tenantId', '=', tenantId)
              .where('connectorGroupId', '=', id),
          )
          .as('hasConnectors'),
        eb
          .exists(
            eb
              .selectFrom('applications')
              .select('id')
              .where('tenantId', '=', tenantId)
              .where('connectorGroupId', '=', id),
          )
          .as('hasApplications'),
      ])
      .executeTakeFirstOrThrow()
    return Boolean(row.hasConnectors) || Boolean(row.hasApplications)
  }
}
