// Which operations each client application called and with which permissions held, counted per
// tenant so that every instance and the CLI see the same least-privilege report.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database, PermissionUsageTable } from './tables.js'

export interface UsageRow {
  tenantId: string
  appId: string
  kind: string
  operation: string
  heldPermissions: string[]
  count: number
  lastUsedDateTime: string
}

export class PermissionUsageQueries {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  /** Adds `count` calls; the held permissions become the latest token's. */
  async record(usage: UsageRow): Promise<void> {
    await this.#db
      .insertInto('permissionUsage')
      .values({ ...usage, heldPermissions: JSON.stringify(usage.heldPermissions) })
      .onConflict((oc) =>
        oc.columns(['tenantId', 'appId', 'kind', 'operation']).doUpdateSet((eb) => ({
          count: sql<number>`${eb.ref('permissionUsage.count')} + ${eb.ref('excluded.count')}`,
          heldPermissions: eb.ref('excluded.heldPermissions'),
          lastUsedDateTime: eb.ref('excluded.lastUsedDateTime'),
        })),
      )
      .execute()
  }

  async list(tenantId?: string): Promise<UsageRow[]> {
    let query = this.#db.selectFrom('permissionUsage').selectAll()
    if (tenantId !== undefined) query = query.where('tenantId', '=', tenantId)
    const rows = await query.orderBy('tenantId').orderBy('appId').orderBy('operation').execute()
    return rows.map((row: PermissionUsageTable) => ({
      ...row,
      heldPermissions: JSON.parse(row.heldPermissions) as string[],
    }))
  }
}
