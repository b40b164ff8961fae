// Authorization codes and refresh tokens, kept by the SHA-256 of their value so that any instance
// can redeem what another issued, and a code is redeemed at most once.
import type { Kysely } from 'kysely'
import type { Database } from './tables.js'

export type GrantTable = 'authorizationCodes' | 'refreshTokens'

export interface StoredGrant {
  tenantId: string
  payload: string
  expiresDateTime: string
}

export class GrantQueries {
  readonly #db: Kysely<Database>
  readonly #table: GrantTable
  constructor(db: Kysely<Database>, table: GrantTable) {
    this.#db = db
    this.#table = table
  }

  async insert(hash: string, grant: StoredGrant): Promise<void> {
    await this.#db
      .insertInto(this.#table)
      .values({ hash, ...grant })
      .execute()
  }

  /** Deletes and returns the grant: of two instances redeeming the same one, only one gets it. */
  async take(hash: string): Promise<StoredGrant | undefined> {
    return this.#db
      .deleteFrom(this.#table)
      .where('hash', '=', hash)
      .returning(['tenantId', 'payload', 'expiresDateTime'])
      .executeTakeFirst()
  }

  async deleteExpired(before: string): Promise<void> {
    await this.#db.deleteFrom(this.#table).where('expiresDateTime', '<', before).execute()
  }
}
