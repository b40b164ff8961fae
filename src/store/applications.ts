// Queries on applications: the part the App Proxy slice needs (their connector group).
import type { Kysely } from 'kysely'
import { application } from '../model/entities.js'
import type { EntityJson } from '../model/types.js'
import { decodeRow, encodeProperties } from './row-codec.js'
import type { Database } from './tables.js'
import { selectPage } from './paging.js'
import type { ListQuery, Page } from './paging.js'

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

export class ApplicationQueries {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async get(tenantId: string, id: string): Promise<(Application & { connectorGroupId: string | null }) | undefined> {
    const row = await this.#db
      .selectFrom('applications')
      .select([...COLUMNS, 'connectorGroupId'])
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (row === undefined) return undefined
    return { ...decodeRow<Application>(application, row), connectorGroupId: row.connectorGroupId }
  }

  async listInGroup(tenantId: string, groupId: string, query: ListQuery): Promise<Page<Application>> {
    const base = this.#db
      .selectFrom('applications')
      .select(COLUMNS)
      .where('tenantId', '=', tenantId)
      .where('connectorGroupId', '=', groupId)
    const page = await selectPage(base, query, (name) => `applications.${name}`)
    return { ...page, items: page.items.map((row) => decodeRow<Application>(application, row)) }
  }

  async insert(tenantId: string, value: Application, connectorGroupId: string | null): Promise<void> {
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

  async setConnectorGroup(tenantId: string, id: string, groupId: string | null): Promise<void> {
    await this.#db
      .updateTable('applications')
      .set({ connectorGroupId: groupId })
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }
}
