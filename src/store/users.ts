// Queries on users: the part sign-in needs (by id, by sign-in name, upsert from fixtures). Graph's
// user routes add theirs here with the directory issue.
import type { Kysely } from 'kysely'
import { user } from '../model/entities.js'
import type { EntityJson } from '../model/types.js'
import { decodeRow, encodeProperties } from './row-codec.js'
import type { Database, UsersTable } from './tables.js'

export type User = EntityJson<typeof user>

const COLUMNS = Object.keys(user.properties) as Array<keyof User>

export class UserQueries {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async get(tenantId: string, id: string): Promise<User | undefined> {
    const row = await this.#db
      .selectFrom('users')
      .select(COLUMNS)
      .where('tenantId', '=', tenantId)
      .where('id', '=', id.toLowerCase())
      .executeTakeFirst()
    return row === undefined ? undefined : decodeRow<User>(user, row)
  }

  /** The user and their password hash, for sign-in only. */
  async findForSignIn(
    tenantId: string,
    userPrincipalName: string,
  ): Promise<{ user: User; passwordHash: string | null } | undefined> {
    const row = await this.#db
      .selectFrom('users')
      .select([...COLUMNS, 'passwordHash'])
      .where('tenantId', '=', tenantId)
      .where('userPrincipalName', '=', userPrincipalName.toLowerCase())
      .executeTakeFirst()
    if (row === undefined) return undefined
    return { user: decodeRow<User>(user, row), passwordHash: row.passwordHash }
  }

  /** Inserts, or replaces the user with the same id; a null hash keeps the stored password. */
  async upsert(tenantId: string, value: User, passwordHash: string | null): Promise<void> {
    const columns = {
      ...(encodeProperties(user, value) as Omit<UsersTable, 'tenantId' | 'passwordHash'>),
      userPrincipalName: (value.userPrincipalName ?? '').toLowerCase(),
    }
    const { id: _id, createdDateTime: _created, ...changes } = columns
    await this.#db
      .insertInto('users')
      .values({ ...columns, tenantId, passwordHash })
      .onConflict((oc) =>
        oc
          .columns(['tenantId', 'id'])
          .doUpdateSet(passwordHash === null ? changes : { ...changes, passwordHash }),
      )
      .execute()
  }
}
