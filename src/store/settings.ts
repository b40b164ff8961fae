// Server-wide settings kept in the database so that every instance sees the same ones
// (the admin key; signing keys later).
import type { Kysely } from 'kysely'
import type { Database } from './tables.js'

export class SettingQueries {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async get(key: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst()
    return row?.value
  }

  /** Stores `value` unless the key is already set; returns the value that is stored. */
  async getOrInsert(key: string, value: string): Promise<string> {
    await this.#db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute()
    return (await this.get(key)) ?? value
  }
}
