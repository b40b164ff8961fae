// Tenants: the unit everything else is scoped to. Not a Graph entity set here; fixtures, the
// development tenant and (later) tokens' `tid` name them.
import type { Kysely } from 'kysely'
import type { Database, TenantsTable } from './tables.js'

export type Tenant = Omit<TenantsTable, 'isAppProxyEnabled'> & { isAppProxyEnabled: boolean }

export class TenantQueries {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async get(id: string): Promise<Tenant | undefined> {
    const row = await this.#db
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    return row === undefined ? undefined : decode(row)
  }

  /** By id or verified domain, as the identity platform accepts either (issue #3). */
  async find(idOrDomain: string): Promise<Tenant | undefined> {
    const row = await this.#db
      .selectFrom('tenants')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('id', '=', idOrDomain.toLowerCase()),
          eb('defaultDomain', '=', idOrDomain.toLowerCase()),
        ]),
      )
      .executeTakeFirst()
    return row === undefined ? undefined : decode(row)
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.#db
      .selectFrom('tenants')
      .selectAll()
      .orderBy('createdDateTime')
      .execute()
    return rows.map(decode)
  }

  async insert(tenant: Tenant): Promise<void> {
    await this.#db.insertInto('tenants').values(tenant).execute()
  }

  async update(
    id: string,
    changes: Partial<Pick<Tenant, 'displayName' | 'defaultDomain' | 'region'>>,
  ): Promise<void> {
    await this.#db.updateTable('tenants').set(changes).where('id', '=', id).execute()
  }
}

function decode(row: TenantsTable): Tenant {
  return { ...row, isAppProxyEnabled: Boolean(row.isAppProxyEnabled) }
}
