// SQLite connection setup: the pragmas that make it durable and concurrent, statement reuse, and
// the two things better-sqlite3 does differently (booleans as 0/1, immediate write transactions).
import Database from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver } from 'kysely'
import type { DatabaseConnection, Driver, SqliteDatabase, SqliteStatement } from 'kysely'
import type { TransactionPolicy } from '../store.js'
import { ReadCache } from './read-cache.js'
import { objectRows, toSqliteValue } from './statement-rows.js'
import type { Database as Tables } from '../tables.js'

/**
 * A write transaction starts as BEGIN IMMEDIATE so that it takes the write lock up front: a
 * deferred transaction that reads and then writes can fail with SQLITE_BUSY when another process
 * (the CLI registering a connector) wrote in between (sqlite.org/lang_transaction.html).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class DurableSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase
  constructor(database: SqliteDatabase) {
    super({ database })
    this.#database = database
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database })
  }
}

/**
 * better-sqlite3 behind Kysely's SqliteDatabase, with prepared statements kept per SQL text and
 * repeated reads answered by the ReadCache until a write (here or in another process) could have
 * changed them.
 */
function adapt(db: Database.Database, cache: ReadCache): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>()
  return {
    close: () => db.close(),
    prepare(sqlText: string): SqliteStatement {
      let statement = statements.get(sqlText)
      if (statement === undefined) {
        const prepared = db.prepare(sqlText)
        const toObject = prepared.reader ? objectRows(prepared) : undefined
        const cacheKey = cache.keyFor(prepared, sqlText)
        // Transaction control (BEGIN, COMMIT, SAVEPOINT…) counts as read-only in SQLite and comes
        // through run(): every run() and every statement that may write empties the cache.
        const writes = <T>(execute: () => T): T => {
          cache.clear()
          try {
            return execute()
          } finally {
            cache.clear()
          }
        }
        const readRows = (parameters: readonly unknown[]) => () => {
          const rows = prepared.all(...parameters.map(toSqliteValue)) as unknown[][]
          return toObject === undefined ? rows : rows.map(toObject)
        }
        statement = {
          reader: prepared.reader,
          all: (parameters) => {
            if (cacheKey !== undefined) {
              return cache.rows(cacheKey, parameters, readRows(parameters))
            }
            return prepared.readonly ? readRows(parameters)() : writes(readRows(parameters))
          },
          run: (parameters) => writes(() => prepared.run(...parameters.map(toSqliteValue))),
          *iterate(parameters) {
            if (!prepared.readonly) cache.clear()
            try {
              const rows = prepared.iterate(...parameters.map(toSqliteValue))
              for (const row of rows as IterableIterator<unknown[]>) {
                yield toObject === undefined ? row : toObject(row)
              }
            } finally {
              if (!prepared.readonly) cache.clear()
            }
          },
        }
        // Bounded: ad-hoc query shapes ($filter combinations) must not grow it without end.
        if (statements.size >= 2000) statements.clear()
        statements.set(sqlText, statement)
      }
      return statement
    },
  }
}

export interface SqliteHandle {
  db: Kysely<Tables>
  /** ReadCache.generation: changes whenever the data may have. */
  readGeneration(): number
  /** ReadCache.writeMark: changes whenever this connection runs a statement that may write. */
  writeMark(): number
}

export function openSqlite(file: string): SqliteHandle {
  const db = new Database(file)
  // WAL lets readers run beside the writer. synchronous=FULL syncs the WAL on every commit, so a
  // write we acknowledged survives a power cut, not only a process crash (src/store/README.md).
  // The busy timeout first: switching a fresh file to WAL takes a lock that another process
  // opening it at the same moment may hold (src/store/sqlite/migration-lock.ts).
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  const cache = new ReadCache(db)
  return {
    db: new Kysely<Tables>({ dialect: new DurableSqliteDialect(adapt(db, cache)) }),
    readGeneration: () => cache.generation(),
    writeMark: () => cache.writeMark,
  }
}

/**
 * BEGIN IMMEDIATE already serialises writers, and busy_timeout waits for the lock; SQLITE_BUSY
 * still escapes when another process holds it past the timeout or a WAL snapshot went stale
 * (SQLITE_BUSY_SNAPSHOT). Running the transaction again is then safe.
 */
export const sqliteTransactions: TransactionPolicy = {
  begin: (db) => db.transaction(),
  // One connection runs every write in turn, and each commit waits for an fsync
  // (synchronous=FULL); sharing the commit among the writes that queued meanwhile keeps that
  // guarantee while syncing once per batch instead of once per write (src/store/README.md).
  groupCommit: true,
  isRetryable: (error) => {
    const code = (error as { code?: unknown } | null)?.code
    return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
  },
  maxAttempts: 5,
}
