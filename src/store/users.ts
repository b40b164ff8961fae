// Queries on users: the part sign-in needs (by id, by sign-in name, upsert from fixtures). Graph's
// user routes add theirs here with the directory issue.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { RelatedIds } from './members.js'
import { countRows, selectPage } from './paging.js'
import type { ListQuery, Page } from './paging.js'
import { applyFilter, applySearch } from './query-to-kysely.js'
import type { CompileOptions } from './query-to-kysely.js'
import { user } from '../model/entities.js'
import type { EntityJson } from '../model/types.js'
import { decodeRow, encodeProperties } from './row-codec.js'
import type { Database, UsersTable } from './tables.js'

export type User = EntityJson<typeof user>

const COLUMNS = Object.keys(user.properties) as Array<keyof User>
const COMPILE: CompileOptions = { column: (name) => sql.ref(`users.${name}`) }

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

  #inTenant(tenantId: string, restrictTo?: RelatedIds) {
    const base = this.#db.selectFrom('users').select(COLUMNS).where('tenantId', '=', tenantId)
    return restrictTo === undefined ? base : base.where('id', 'in', restrictTo)
  }

  /** By object id or by userPrincipalName (Graph resolves both in `/users/{id}`). */
  async find(tenantId: string, idOrUpn: string): Promise<User | undefined> {
    const key = idOrUpn.toLowerCase()
    const column = key.includes('@') ? 'userPrincipalName' : 'id'
    const row = await this.#inTenant(tenantId).where(column, '=', key).executeTakeFirst()
    return row === undefined ? undefined : decodeRow<User>(user, row)
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return []
    const rows = await this.#inTenant(tenantId).where('id', 'in', ids).execute()
    return rows.map((row) => decodeRow<User>(user, row))
  }

  /** A page of the tenant's users, or only of those `restrictTo` names (typed member lists). */
  async list(tenantId: string, query: ListQuery, restrictTo?: RelatedIds): Promise<Page<User>> {
    const page = await selectPage(this.#inTenant(tenantId, restrictTo), query, COMPILE)
    return { ...page, items: page.items.map((row) => decodeRow<User>(user, row)) }
  }

  count(
    tenantId: string,
    query: Pick<ListQuery, 'filter' | 'search'>,
    restrictTo?: RelatedIds,
  ): Promise<number> {
    const filtered = applyFilter(this.#inTenant(tenantId, restrictTo), query.filter, COMPILE)
    return countRows(applySearch(filtered, query.search, COMPILE))
  }

  async update(tenantId: string, id: string, changes: Partial<User>): Promise<void> {
    const values = encodeProperties(user, changes)
    if (typeof values.userPrincipalName === 'string')
      values.userPrincipalName = values.userPrincipalName.toLowerCase()
    if (Object.keys(values).length === 0) return
    await this.#db
      .updateTable('users')
      .set(values)
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }

  async setPasswordHash(tenantId: string, id: string, passwordHash: string): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ passwordHash })
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .execute()
  }

  /** Removes the user; returns the password hash so a restore can bring sign-in back. */
  async delete(tenantId: string, id: string): Promise<string | null | undefined> {
    const row = await this.#db
      .deleteFrom('users')
      .where('tenantId', '=', tenantId)
      .where('id', '=', id)
      .returning('passwordHash')
      .executeTakeFirst()
    return row?.passwordHash
  }
}
