// Queries on connectors. `status` is not stored: it is computed from the last heartbeat, in SQL,
// so that $filter and $orderby on it work like on any column (issue #2 §5).
import { sql } from 'kysely'
import type { Kysely, RawBuilder } from 'kysely'
import { connector } from '../model/entities.js'
import type { EntityJson } from '../model/types.js'
import { decodeRow } from './row-codec.js'
import type { Database } from './tables.js'
import { CompiledStatement } from './compiled-statement.js'
import { countRows, selectPage } from './paging.js'
import { selectJsonPage } from './json-paging.js'
import type { JsonPages, PageSource } from './json-paging.js'
import type { JsonPage } from './page-json.js'
import type { ListQuery, Page } from './paging.js'
import { applyFilter, applySearch } from './query-to-kysely.js'
import type { CompileOptions } from './query-to-kysely.js'

export type Connector = EntityJson<typeof connector>

export interface NewConnector {
  id: string
  machineName: string
  externalIp: string
  version: string
  connectorGroupId: string
  lastSeenDateTime: string
}

/** The stored connector columns Graph shows; `status` is computed beside them. */
const COLUMNS = ['id', 'machineName', 'externalIp', 'version'] as const
const SHOWN = [...COLUMNS, 'status'] as const

const status = (activeSince: string) =>
  sql<string>`case when ${sql.ref('connectors.lastSeenDateTime')} >= ${activeSince} then 'active' else 'inactive' end`

const COMPILE = (activeSince: string): CompileOptions => ({
  column: (name) => (name === 'status' ? status(activeSince) : sql.ref(`connectors.${name}`)),
})

// Pages of a tenant's connectors, and of one group's (connectorGroup.members).
type Scope = { tenantId: string; activeSince: string }
const PAGES: PageSource<Database, 'connectors', Scope> = {
  name: 'connectors',
  entity: connector,
  columns: SHOWN,
  from: (db, { tenantId }) => db.selectFrom('connectors').where('tenantId', '=', tenantId),
  compile: ({ activeSince }) => COMPILE(activeSince),
}
const MEMBER_PAGES: PageSource<Database, 'connectors', Scope & { groupId: string }> = {
  ...PAGES,
  name: 'connectorGroup.members',
  from: (db, { tenantId, groupId }) =>
    db
      .selectFrom('connectors')
      .where('tenantId', '=', tenantId)
      .where('connectorGroupId', '=', groupId),
}

// The statements every move and every uncached read runs (src/store/compiled-statement.ts).
const GET = new CompiledStatement(
  (db: Kysely<Database>, key: { tenantId: string; id: string; activeSince: string }) =>
    db
      .selectFrom('connectors')
      .select(COLUMNS)
      .select(status(key.activeSince).as('status'))
      .where('tenantId', '=', key.tenantId)
      .where('id', '=', key.id),
)
const MOVE_INTO_GROUP = new CompiledStatement(
  (
    db: Kysely<Database>,
    move: { tenantId: string; id: string; groupId: string; activeSince: string },
  ) =>
    db
      .updateTable('connectors')
      .set({ connectorGroupId: move.groupId })
      .where('connectors.tenantId', '=', move.tenantId)
      .where('connectors.id', '=', move.id)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('connectorGroups')
            .select(sql`1`.as('one'))
            .where('connectorGroups.tenantId', '=', move.tenantId)
            .where('connectorGroups.id', '=', move.groupId),
        ),
      )
      .returning(COLUMNS)
      .returning(status(move.activeSince).as('status')),
)

export class ConnectorQueries {
  readonly #db: Kysely<Database>
  readonly #activeSince: () => string
  readonly #pages: JsonPages

  /** `activeSince` gives the oldest heartbeat time that still counts as active. */
  constructor(db: Kysely<Database>, activeSince: () => string, pages: JsonPages) {
    this.#db = db
    this.#activeSince = activeSince
    this.#pages = pages
  }

  statusExpression(): RawBuilder<string> {
    return status(this.#activeSince())
  }

  /** The connector columns as Graph names them, status included. */
  selectConnectors() {
    return this.#db
      .selectFrom('connectors')
      .select(COLUMNS)
      .select(this.statusExpression().as('status'))
  }

  async get(tenantId: string, id: string): Promise<Connector | undefined> {
    const activeSince = this.#activeSince()
    const row = await GET.executeTakeFirst(this.#db, { tenantId, id, activeSince })
    return row === undefined ? undefined : decodeRow(connector, row)
  }

  #compile(): CompileOptions {
    return COMPILE(this.#activeSince())
  }

  #scoped(tenantId: string, groupId: string | undefined) {
    const inTenant = this.selectConnectors().where('tenantId', '=', tenantId)
    return groupId === undefined ? inTenant : inTenant.where('connectorGroupId', '=', groupId)
  }

  /** The tenant's connectors, or only those of one group (connectorGroup.members). */
  async list(tenantId: string, query: ListQuery, groupId?: string): Promise<Page<Connector>> {
    const page = await selectPage(this.#scoped(tenantId, groupId), query, this.#compile())
    return { ...page, items: page.items.map((row) => decodeRow<Connector>(connector, row)) }
  }

  /** The page `list` would give, with `select` applied, as JSON (src/store/page-json.ts). */
  listJson(
    tenantId: string,
    query: ListQuery,
    select: readonly string[] | undefined,
    groupId?: string,
  ): Promise<JsonPage> {
    const values = { tenantId, activeSince: this.#activeSince() }
    const request = { db: this.#db, query, pages: this.#pages, select }
    return groupId === undefined
      ? selectJsonPage({ ...request, source: PAGES, values })
      : selectJsonPage({ ...request, source: MEMBER_PAGES, values: { ...values, groupId } })
  }

  count(
    tenantId: string,
    query: Pick<ListQuery, 'filter' | 'search'>,
    groupId?: string,
  ): Promise<number> {
    const compile = this.#compile()
    const filtered = applyFilter(this.#scoped(tenantId, groupId), query.filter, compile)
    return countRows(applySearch(filtered, query.search, compile))
  }

  /** The members of several groups at once, for `$expand=members` on a page of groups. */
  async listByGroups(
    tenantId: string,
    groupIds: readonly string[],
  ): Promise<Map<string, Connector[]>> {
    const result = new Map<string, Connector[]>(groupIds.map((id) => [id, []]))
    if (groupIds.length === 0) return result
    const rows = await this.#scoped(tenantId, undefined)
      .select('connectorGroupId')
      .where('connectorGroupId', 'in', groupIds)
      .orderBy('id')
      .execute()
    for (const row of rows)
      result.get(row.connectorGroupId)?.push(decodeRow<Connector>(connector, row))
    return result
  }

  /** The group ids of several connectors, for `$expand=memberOf` on a page of connectors. */
  async groupIdsOf(tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map()
    const rows = await this.#db
      .selectFrom('connectors')
      .select(['id', 'connectorGroupId'])
      .where('tenantId', '=', tenantId)
      .where('id', 'in', ids)
      .execute()
    return new Map(rows.map((row) => [row.id, row.connectorGroupId]))
  }

  /** The connector's group id (connector.memberOf holds exactly one, spec §8.1). */
  async groupIdOf(tenantId: string, id: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('connectors')
      .select('connectorGroupId')
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    return row?.connectorGroupId
  }

  async insert(tenantId: string, value: NewConnector): Promise<void> {
    await this.#db
      .insertInto('connectors')
      .values({ ...value, tenantId, registeredDateTime: value.lastSeenDateTime })
      .execute()
  }

  async moveToGroup(tenantId: string, id: string, groupId: string): Promise<void> {
    await this.#db
      .updateTable('connectors')
      .set({ connectorGroupId: groupId })
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }

  /**
   * Moves the connector into the group where both exist, in one statement: the connector as
   * moved, or undefined, having changed nothing, when either is missing.
   */
  async moveIntoGroup(
    tenantId: string,
    id: string,
    groupId: string,
  ): Promise<Connector | undefined> {
    const activeSince = this.#activeSince()
    const move = { tenantId, id, groupId, activeSince }
    const row = await MOVE_INTO_GROUP.executeTakeFirst(this.#db, move)
    return row === undefined ? undefined : decodeRow(connector, row)
  }

  async recordHeartbeat(
    tenantId: string,
    id: string,
    seen: { lastSeenDateTime: string; externalIp?: string; version?: string },
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('connectors')
      .set(seen)
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }
}
