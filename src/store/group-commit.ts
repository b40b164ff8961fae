// Group commit for a single-connection database (SQLite): write transactions that arrive while one
// is running wait, then run together inside ONE database transaction, committed — and synced to
// disk — once. Each caller's transaction still commits or rolls back on its own, runs after the
// ones before it (so the order is serialisable), and is acknowledged only after the shared commit
// is durable. One fsync then covers many writes instead of one.
//
// A savepoint pair per job would cost two statements per write, and only a job that fails after
// writing needs one. So where the connection can say whether a statement that may write has run
// (`writeMark`), jobs run bare; a job that fails without writing is simply reported, and one that
// fails after writing rolls the whole batch back, which then runs again with a savepoint per job.
// Jobs may run twice: they only read and write through their transaction (Store.transaction).
import type { ControlledTransaction, Kysely, Transaction } from 'kysely'
import type { Database } from './tables.js'

/** Upper bound on one batch, so that a burst of writes cannot hold readers out for long. */
const MAX_BATCH = 64

interface Job {
  run(trx: Transaction<Database>): Promise<unknown>
  resolve(value: unknown): void
  reject(error: unknown): void
}

export interface GroupCommitOptions {
  /** Turns a driver error into what callers should see (StoreConflict and the like). */
  translate(error: unknown): unknown
  /**
   * A number that changes whenever a statement that may write runs on the connection. Without
   * it every job runs in a savepoint of its own.
   */
  writeMark?: () => number
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/** Thrown inside a bare batch when a job failed after writing: the batch must run again. */
const REDO = Symbol('redo with savepoints')

export class GroupCommitter {
  readonly #db: Kysely<Database>
  readonly #options: GroupCommitOptions
  #queue: Job[] = []
  #draining = false
  #commits = 0

  constructor(db: Kysely<Database>, options: GroupCommitOptions) {
    this.#db = db
    this.#options = options
  }

  /** Shared commits so far (each one fsync), for tests and benchmarks. */
  get commits(): number {
    return this.#commits
  }

  run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run: fn, resolve: resolve as (value: unknown) => void, reject })
      if (this.#draining) return
      this.#draining = true
      // better-sqlite3 never yields to I/O, so a batch started at once would hold only this
      // write and commit it before the requests read in the same turn of the event loop could
      // queue theirs. setImmediate runs after that turn's I/O callbacks: every write they
      // started joins the batch, and they share one fsync.
      setImmediate(() => void this.#drain())
    })
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#runBatch(this.#queue.splice(0, MAX_BATCH))
    } finally {
      this.#draining = false
    }
  }

  async #runBatch(batch: Job[]): Promise<void> {
    const writeMark = this.#options.writeMark
    let outcomes: Outcome[]
    try {
      outcomes = await this.#inTransaction((trx) =>
        writeMark === undefined
          ? this.#withSavepoints(trx, batch)
          : this.#bare(trx, batch, writeMark),
      )
    } catch (error) {
      try {
        if (error !== REDO) throw error
        outcomes = await this.#inTransaction((trx) => this.#withSavepoints(trx, batch))
      } catch (failure) {
        for (const job of batch) job.reject(this.#options.translate(failure))
        return
      }
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i]
      if (outcome?.ok === true) job.resolve(outcome.value)
      else job.reject(outcome?.error)
    })
  }

  /**
   * One database transaction around `body`, committed when it returns. When anything throws
   * (begin, a statement of the batch, the commit) it is rolled back and nothing of the batch is
   * committed, so no job may be acknowledged.
   */
  async #inTransaction(body: (trx: ControlledTransaction<Database>) => Promise<Outcome[]>) {
    let trx: ControlledTransaction<Database> | undefined
    try {
      trx = await this.#db.startTransaction().execute()
      const outcomes = await body(trx)
      await trx.commit().execute()
      this.#commits++
      return outcomes
    } catch (error) {
      if (trx !== undefined && !trx.isCommitted && !trx.isRolledBack) {
        await trx
          .rollback()
          .execute()
          .catch(() => undefined)
      }
      throw error
    }
  }

  async #bare(
    trx: Transaction<Database>,
    batch: Job[],
    writeMark: () => number,
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = []
    for (const job of batch) {
      const before = writeMark()
      try {
        outcomes.push({ ok: true, value: await job.run(trx) })
      } catch (error) {
        // Writes of this job may be in the transaction and only a rollback removes them.
        if (writeMark() !== before) throw REDO
        outcomes.push({ ok: false, error: this.#options.translate(error) })
      }
    }
    return outcomes
  }

  async #withSavepoints(trx: ControlledTransaction<Database>, batch: Job[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = []
    for (const job of batch) {
      const savepoint = await trx.savepoint('job').execute()
      try {
        const value = await job.run(savepoint)
        await savepoint.releaseSavepoint('job').execute()
        outcomes.push({ ok: true, value })
      } catch (error) {
        // Only this job's writes are undone; the batch goes on.
        await savepoint.rollbackToSavepoint('job').execute()
        await savepoint.releaseSavepoint('job').execute()
        outcomes.push({ ok: false, error: this.#options.translate(error) })
      }
    }
    return outcomes
  }
}
