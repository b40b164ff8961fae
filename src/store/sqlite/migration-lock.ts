// SQLite's pending migrations run as one transaction that holds the database's write lock from
// its first statement to its commit. Two processes starting together on one file (two servers, or
// the server and the CLI) then take turns: the second waits, and its migrator reads the migrations
// the first committed and has nothing left to do. A migration that fails leaves the file as it was.
//
// Kysely runs SQLite migrations without a transaction or lock (its SqliteAdapter declares no
// transactional DDL), though SQLite's DDL is transactional; this supplies both.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { sqliteTransactions } from './dialect.js'

/**
 * How long a starting process waits for another one's migrations. A rebuild of a large table
 * (0006) can take well over the connection's busy_timeout.
 */
const WAIT_FOR_OTHER_MIGRATIONS_MS = 10 * 60 * 1000

async function beginImmediate(conn: Kysely<unknown>): Promise<void> {
  const giveUpAt = Date.now() + WAIT_FOR_OTHER_MIGRATIONS_MS
  for (;;) {
    try {
      // Waits up to busy_timeout for the lock (src/store/sqlite/dialect.ts), then says busy.
      await sql`begin immediate`.execute(conn)
      return
    } catch (error) {
      if (!sqliteTransactions.isRetryable(error) || Date.now() >= giveUpAt) throw error
    }
  }
}

/**
 * Runs `migrate` on one connection, in one immediate transaction, with foreign key enforcement
 * off: a table rebuild (migrations/without-rowid.ts) drops a table that others point at, which
 * with the checks on would delete or refuse their rows. The pragma only takes effect outside a
 * transaction, so it is set around it, and `foreign_key_check` before the commit stands in for
 * the checks: a migration that left a broken reference commits nothing.
 */
export async function inMigrationTransaction(
  db: Kysely<unknown>,
  migrate: (conn: Kysely<unknown>) => Promise<void>,
): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`pragma foreign_keys = off`.execute(conn)
    try {
      await beginImmediate(conn)
      try {
        await migrate(conn)
        const { rows: broken } = await sql`pragma foreign_key_check`.execute(conn)
        if (broken.length > 0) {
          throw new Error(`the migrations would break ${broken.length} foreign key(s)`)
        }
        await sql`commit`.execute(conn)
      } catch (error) {
        await sql`rollback`.execute(conn)
        throw error
      }
    } finally {
      await sql`pragma foreign_keys = on`.execute(conn)
    }
  })
}
