// Results of read statements on the one SQLite connection, kept until the data can have changed.
// On this connection a read costs far more than the rest of a request: a lock round trip on the
// WAL index, then better-sqlite3 builds every value of every row in C++ (about 1.5 µs a row;
// bench/README.md, profiling). A repeated read whose answer cannot have changed is served from
// here instead.
//
// "Cannot have changed" is exact, not a time to live:
// - every statement of this connection that may write, and every statement run for no rows
//   (BEGIN, SAVEPOINT, COMMIT, ROLLBACK included), empties the cache before and after it runs; a
//   read inside a transaction is never cached, since it may see uncommitted rows;
// - a commit by another connection (the CLI registering a connector while the server runs)
//   changes `PRAGMA data_version`, which every cached read checks first (sqlite.org/pragma.html
//   #pragma_data_version);
// - statements whose result depends on more than the data and the parameters (the clock,
//   random(), changes()) are never cached.
// Rows handed out are frozen: a caller that tried to change a shared row would throw, not corrupt
// the next reader's answer. Each caller gets an array of its own (Kysely's migrator sorts it).
import type Database from 'better-sqlite3'

/** SQL functions whose value is not a function of the stored data and the parameters. */
const VOLATILE =
  /\b(random|randomblob|date|time|datetime|julianday|strftime|unixepoch|changes|total_changes|last_insert_rowid|current_date|current_time|current_timestamp)\b/i

export interface ReadCacheLimits {
  /** Rows held in all, so that memory stays bounded whatever the query shapes. */
  maxRows: number
  /** Results held in all. */
  maxEntries: number
  /**
   * Longer results are not kept. They are collection pages: a client walking nextLinks reads each
   * once, and a page read again is answered whole by the representation cache. Keeping them cost
   * a freeze per row and, worse, kept every row alive into V8's old generation, where each later
   * scavenge must look at them (W8 in bench/README.md).
   */
  maxRowsPerResult: number
}

export const DEFAULT_READ_CACHE_LIMITS: ReadCacheLimits = {
  maxRows: 20_000,
  maxEntries: 4_000,
  maxRowsPerResult: 25,
}

interface Entry {
  readonly rows: readonly unknown[]
}

export class ReadCache {
  readonly #db: Database.Database
  readonly #dataVersion: Database.Statement
  readonly #limits: ReadCacheLimits
  readonly #entries = new Map<string, Entry>()
  #rowsHeld = 0
  #generation = 0
  #seenDataVersion: unknown
  #nextStatementId = 0

  constructor(db: Database.Database, limits: ReadCacheLimits = DEFAULT_READ_CACHE_LIMITS) {
    this.#db = db
    this.#dataVersion = db.prepare('pragma data_version').pluck()
    this.#limits = limits
    this.#seenDataVersion = this.#dataVersion.get()
  }

  /** A key prefix for a prepared statement, or undefined when its results must not be kept. */
  keyFor(statement: Database.Statement, sqlText: string): string | undefined {
    if (!statement.reader || !statement.readonly || VOLATILE.test(sqlText)) return undefined
    return `${this.#nextStatementId++}\u0000`
  }

  /**
   * A number that changes whenever the data may have changed since it was last read: a write on
   * this connection, or a commit by another one (checked now). Equal numbers mean equal data, so
   * anything derived from the data (a serialised response) can be kept under it.
   */
  generation(): number {
    const version = this.#dataVersion.get()
    if (version !== this.#seenDataVersion) {
      this.#seenDataVersion = version
      this.clear()
    }
    return this.#generation
  }

  /**
   * Changes with every statement of this connection that may write (clear() runs around each),
   * without asking about other connections: cheap enough to read around each write of a batch
   * (src/store/group-commit.ts).
   */
  get writeMark(): number {
    return this.#generation
  }

  /** Runs `read` unless an answer to the same statement and parameters is still valid. */
  rows(prefix: string, parameters: readonly unknown[], read: () => unknown[]): unknown[] {
    if (this.#db.inTransaction) return read()
    this.generation()
    let key: string
    try {
      key = prefix + JSON.stringify(parameters)
    } catch {
      return read() // a parameter JSON cannot spell (a BigInt): not worth a key of its own
    }
    const hit = this.#entries.get(key)
    if (hit !== undefined) return hit.rows.slice()
    const rows = read()
    if (rows.length <= this.#limits.maxRowsPerResult) this.#keep(key, rows)
    return rows.slice()
  }

  /** Called around every statement that may change data, on this connection. */
  clear(): void {
    this.#generation++
    // Map.clear allocates a fresh table even when empty, and writes call this twice a statement.
    if (this.#entries.size === 0) return
    this.#entries.clear()
    this.#rowsHeld = 0
  }

  #keep(key: string, rows: unknown[]): void {
    for (const row of rows) Object.freeze(row)
    this.#entries.set(key, { rows })
    this.#rowsHeld += rows.length
    // Oldest first: Map keeps insertion order.
    for (const [oldKey, old] of this.#entries) {
      if (this.#rowsHeld <= this.#limits.maxRows && this.#entries.size <= this.#limits.maxEntries)
        break
      this.#entries.delete(oldKey)
      this.#rowsHeld -= old.rows.length
    }
  }
}
