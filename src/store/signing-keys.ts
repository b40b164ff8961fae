// The built-in issuer's signing keys, shared by every instance (auth/keys.ts decides which signs).
import type { Kysely } from 'kysely'
import type { JWK } from 'jose'
import { SIGNING_ALGORITHM } from '../auth/keys.js'
import type { KeyStore, StoredSigningKey } from '../auth/keys.js'
import type { Database } from './tables.js'

export class SigningKeyQueries implements KeyStore {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async loadSigningKeys(): Promise<StoredSigningKey[]> {
    const rows = await this.#db.selectFrom('signingKeys').selectAll().execute()
    return rows.map((row) => ({
      kid: row.kid,
      alg: SIGNING_ALGORITHM,
      createdDateTime: row.createdDateTime,
      privateJwk: JSON.parse(row.privateJwk) as JWK,
      publicJwk: JSON.parse(row.publicJwk) as JWK,
    }))
  }

  async saveSigningKey(key: StoredSigningKey): Promise<void> {
    await this.#db
      .insertInto('signingKeys')
      .values({
        kid: key.kid,
        createdDateTime: key.createdDateTime,
        privateJwk: JSON.stringify(key.privateJwk),
        publicJwk: JSON.stringify(key.publicJwk),
      })
      .onConflict((oc) => oc.column('kid').doNothing())
      .execute()
  }

  async delete(kids: readonly string[]): Promise<void> {
    if (kids.length === 0) return
    await this.#db.deleteFrom('signingKeys').where('kid', 'in', kids).execute()
  }
}
