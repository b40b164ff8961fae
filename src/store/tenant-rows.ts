// One tenant's rows, table by table, as stored: what `graph-appproxy export` reads and `import`
// writes (src/domain/tenant-export.ts). Every table here is keyed by tenant first, so a tenant
// moves as a whole without touching another one's rows.
import type { Kysely } from 'kysely'
import { ITEM_JSON } from './page-json.js'
import type { Database } from './tables.js'

/**
 * The tenant's tables in an order that satisfies their foreign keys when inserting (reverse it to
 * delete). Not here: one-time authorization codes and refresh tokens (sessions do not move; users
 * sign in again), and what all tenants share (signing keys, settings).
 */
export const TENANT_TABLES = [
  'connectorGroups',
  'connectors',
  'applications',
  'users',
  'appRegistrations',
  'groups',
  'members',
  'deletedItems',
  'permissionUsage',
] as const

export type TenantTable = (typeof TENANT_TABLES)[number]

/** Each table's primary key after `tenantId`: rows are read in this order, so exports are stable. */
const KEYS: Record<TenantTable, readonly string[]> = {
  connectorGroups: ['id'],
  connectors: ['id'],
  applications: ['id'],
  users: ['id'],
  appRegistrations: ['appId'],
  groups: ['id'],
  members: ['groupId', 'memberId'],
  deletedItems: ['id'],
  permissionUsage: ['appId', 'kind', 'operation'],
}

/** Boolean columns, which SQLite keeps as 0/1: rows leave the store with true/false either way. */
const BOOLEANS: Partial<Record<TenantTable | 'tenants', readonly string[]>> = {
  tenants: ['isAppProxyEnabled'],
  connectorGroups: ['isDefault'],
  users: ['accountEnabled'],
  appRegistrations: ['isPublicClient'],
  groups: ['mailEnabled', 'securityEnabled', 'isAssignableToRole', 'onPremisesSyncEnabled'],
}

export type Row = Record<string, unknown>

// Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const CHUNK = 200

// The table name is a parameter here, which Kysely's per-table types cannot follow.
type AnyTables = Record<string, Row>

export class TenantRowQueries {
  readonly #db: Kysely<AnyTables>
  constructor(db: Kysely<Database>) {
    this.#db = db as unknown as Kysely<AnyTables>
  }

  /** The tenant row itself. */
  async tenant(tenantId: string): Promise<Row | undefined> {
    const row = await this.#db
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', tenantId)
      .executeTakeFirst()
    return row === undefined ? undefined : withBooleans('tenants', row)
  }

  /** The table's rows of one tenant, without the `tenantId` column. */
  async read(table: TenantTable, tenantId: string): Promise<Row[]> {
    let query = this.#db.selectFrom(table).selectAll().where('tenantId', '=', tenantId)
    for (const key of KEYS[table]) query = query.orderBy(key)
    const rows = await query.execute()
    return rows.map((row) => {
      // A stored item (sqlite/stored-items.ts) is made from the row, not part of it.
      const { tenantId: _tenantId, [ITEM_JSON]: _item, ...rest } = withBooleans(table, row)
      return rest
    })
  }

  /** Inserts rows (without `tenantId`) into the tenant. */
  async insert(
    table: TenantTable | 'tenants',
    tenantId: string,
    rows: readonly Row[],
  ): Promise<void> {
    const values = table === 'tenants' ? rows : rows.map((row) => ({ ...row, tenantId }))
    for (let i = 0; i < values.length; i += CHUNK) {
      await this.#db
        .insertInto(table)
        .values(values.slice(i, i + CHUNK))
        .execute()
    }
  }

  /** Removes the tenant and everything it holds, children before parents. */
  async deleteTenant(tenantId: string): Promise<void> {
    const tables = [...TENANT_TABLES].reverse()
    for (const table of [...tables, 'authorizationCodes', 'refreshTokens']) {
      await this.#db.deleteFrom(table).where('tenantId', '=', tenantId).execute()
    }
    await this.#db.deleteFrom('tenants').where('id', '=', tenantId).execute()
  }

  /** The table's column names, for checking a file's rows before they reach the database. */
  async columns(table: TenantTable | 'tenants'): Promise<Set<string>> {
    const tables = await this.#db.introspection.getTables()
    const found = tables.find((t) => t.name === table)
    return new Set(found?.columns.map((c) => c.name) ?? [])
  }
}

function withBooleans(table: TenantTable | 'tenants', row: Row): Row {
  const names = BOOLEANS[table]
  if (names === undefined) return row
  const result = { ...row }
  for (const name of names) {
    const value = result[name]
    if (value !== null && value !== undefined) result[name] = value === true || value === 1
  }
  return result
}
