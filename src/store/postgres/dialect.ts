// PostgreSQL connection setup: the pool and its sizing, `count(*)` as a number, and how a write
// transaction starts and when it is retried. Booleans are native, so nothing to coerce there.
import pg from 'pg'
import { Kysely, PostgresDialect } from 'kysely'
import type { TransactionPolicy } from '../store.js'
import type { Database as Tables } from '../tables.js'

/**
 * Connections per instance unless `--db-pool-size` says otherwise. A transaction here is a few
 * short statements, so a handful of connections keeps a core busy; more only adds contention
 * under SERIALIZABLE. PostgreSQL allows 100 connections by default, so 10 leaves room for
 * several instances plus the CLI and psql. Requests beyond the pool wait their turn.
 */
export const DEFAULT_POOL_SIZE = 10

const INT8_OID = 20

// `count(*)` is bigint, which pg hands over as a string so as not to lose precision. Our bigints
// are counts of rows, far below 2^53, so a number is exact. Scoped to our pool, not pg's globals.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export interface PostgresOptions {
  poolSize?: number
}

export function openPostgres(url: string, options: PostgresOptions = {}): Kysely<Tables> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    types,
    // A database that cannot hand out a connection within this time is treated as down
    // (`/_ready` answers 503) rather than letting requests queue forever.
    connectionTimeoutMillis: 15_000,
    idleTimeoutMillis: 30_000,
  })
  // An idle client can lose its server (restart, failover); pg then emits 'error' on the pool,
  // which would crash the process if nobody listened. The next checkout opens a new connection.
  pool.on('error', () => {})
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) })
}

// SQLSTATE 40001 serialization_failure and 40P01 deadlock_detected: the transaction lost a race
// and is safe to run again from the start (postgresql.org/docs/current/mvcc-serialization-failure-handling.html).
const RETRYABLE = new Set(['40001', '40P01'])

/**
 * Every write is SERIALIZABLE: the domain's check-then-write rules (region lock, empty before
 * delete) span rows no single constraint covers, and SSI aborts whichever of two conflicting
 * transactions would break them. The store then runs the loser again.
 */
export const postgresTransactions: TransactionPolicy = {
  begin: (db) => db.transaction().setIsolationLevel('serializable'),
  isRetryable: (error) => RETRYABLE.has((error as { code?: unknown } | null)?.code as string),
  // Fifty writers on one row (a connector moved back and forth) need this many in the worst case.
  maxAttempts: 30,
}
