// Queries on connectors. `status` is not stored: it is computed from the last heartbeat, in SQL,
// so that $filter and $orderby on it work like on any column (issue #2 §5).
import { sql } from 'kysely'
import type { Kysely, RawBuilder } from 'kysely'
import { connector } from '../model/entities.js'
import type { EntityJson } from '../model/types.js'
import { decodeRow } from './row-codec.js'
import type { Database } from './tables.js'
import { selectPage } from './paging.js'
import type { ListQuery, Page } from './paging.js'

export type Connector = EntityJson<typeof connector>

export interface NewConnector {
  id: string
  machineName: string
  externalIp: string
  version: string
  connectorGroupId: string
  lastSeenDateTime: string
}

export class ConnectorQueries {
  readonly #db: Kysely<Database>
  readonly #activeSince: () => string

  /** `activeSince` gives the oldest heartbeat time that still counts as active. */
  constructor(db: Kysely<Database>, activeSince: () => string) {
    this.#db = db
    this.#activeSince = activeSince
  }

  statusExpression(): RawBuilder<string> {
    return sql<string>`case when ${sql.ref('connectors.lastSeenDateTime')} >= ${this.#activeSince()} then 'active' else 'inactive' end`
  }

  /** The connector columns as Graph names them, status included. */
  selectConnectors() {
    return this.#db
      .selectFrom('connectors')
      .select(['id', 'machineName', 'externalIp', 'version'])
      .select(this.statusExpression().as('status'))
  }

  async get(tenantId: string, id: string): Promise<Connector | undefined> {
    const row = await this.selectConnectors()
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    return row === undefined ? undefined : decodeRow(connector, row)
  }

  async list(tenantId: string, query: ListQuery): Promise<Page<Connector>> {
    return this.#page(this.selectConnectors().where('tenantId', '=', tenantId), query)
  }

  async listInGroup(tenantId: string, groupId: string, query: ListQuery): Promise<Page<Connector>> {
    const base = this.selectConnectors()
      .where('tenantId', '=', tenantId)
      .where('connectorGroupId', '=', groupId)
    return this.#page(base, query)
  }

  async #page(base: ReturnType<ConnectorQueries['selectConnectors']>, query: ListQuery) {
    const page = await selectPage(base, query, (name) => `connectors.${name}`)
    return { ...page, items: page.items.map((row) => decodeRow<Connector>(connector, row)) }
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
