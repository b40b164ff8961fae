// Group commit on SQLite: concurrent write transactions share one commit, yet each one commits or
// rolls back on its own and sees the writes of those queued before it.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { errors } from '../../../src/errors/catalogue.js'
import { GraphError } from '../../../src/errors/graph-error.js'
import { GroupCommitter } from '../../../src/store/group-commit.js'
import { openSqlite } from '../../../src/store/sqlite/dialect.js'
import { temporaryStore } from '../../support/temporary-store.js'

const temporary = temporaryStore('group-commit')

test('a failing transaction is undone alone; the others of its batch commit', async () => {
  const outcomes = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      temporary.store.transaction(async (tx) => {
        await tx.settings.getOrInsert(`k${i}`, `v${i}`)
        if (i % 5 === 0) throw errors.badRequest(`refused ${i}`)
        return i
      }),
    ),
  )
  for (const [i, outcome] of outcomes.entries()) {
    const stored = await temporary.store.read((tx) => tx.settings.get(`k${i}`))
    if (i % 5 === 0) {
      assert.equal(outcome.status, 'rejected')
      assert.ok(outcome.status === 'rejected' && outcome.reason instanceof GraphError)
      assert.equal(stored, undefined, `k${i} must be rolled back`)
    } else {
      assert.deepEqual(outcome, { status: 'fulfilled', value: i })
      assert.equal(stored, `v${i}`)
    }
  }
})

test('a transaction sees the writes of those queued before it', async () => {
  const first = temporary.store.transaction((tx) => tx.settings.getOrInsert('order', 'first'))
  const second = temporary.store.transaction((tx) => tx.settings.get('order'))
  assert.equal(await first, 'first')
  assert.equal(await second, 'first')
})

test('a constraint violation in one transaction reaches its caller as a StoreConflict', async () => {
  const results = await Promise.allSettled([
    temporary.store.transaction((tx) =>
      tx.tenants.insert({
        id: 't1',
        displayName: 'a',
        defaultDomain: 'a.example',
        region: 'eur',
        isAppProxyEnabled: true,
        createdDateTime: '2026-01-01T00:00:00.000Z',
      }),
    ),
    temporary.store.transaction((tx) =>
      tx.tenants.insert({
        id: 't2',
        displayName: 'b',
        defaultDomain: 'a.example',
        region: 'eur',
        isAppProxyEnabled: true,
        createdDateTime: '2026-01-01T00:00:00.000Z',
      }),
    ),
  ])
  assert.equal(results[0]?.status, 'fulfilled')
  assert.equal(results[1]?.status, 'rejected')
  assert.equal(
    results[1]?.status === 'rejected' && (results[1].reason as { kind?: string }).kind,
    'duplicate',
  )
  assert.equal(await temporary.store.read((tx) => tx.tenants.get('t2')), undefined)
})

test('writes started by separate callbacks of one event-loop turn share one commit', async () => {
  // As requests read from 20 sockets in one turn do: each starts its write from its own callback.
  const { db } = openSqlite(join(temporary.dir, 'batched.sqlite'))
  try {
    await sql`create table t (k integer primary key)`.execute(db)
    const committer = new GroupCommitter(db, { translate: (error) => error })
    const writes = await new Promise<Promise<unknown>[]>((resolve) => {
      const started: Promise<unknown>[] = []
      for (let i = 0; i < 20; i++) {
        setImmediate(() => {
          started.push(committer.run((trx) => sql`insert into t values (${i})`.execute(trx)))
          if (started.length === 20) resolve(started)
        })
      }
    })
    await Promise.all(writes)
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(db)
    assert.equal(count.rows[0]?.n, 20)
    assert.equal(committer.commits, 1)
  } finally {
    await db.destroy()
  }
})

/** 20 writes started in one turn of the event loop, as requests read from 20 sockets are. */
function startInOneTurn(
  committer: GroupCommitter,
  job: (i: number) => Parameters<GroupCommitter['run']>[0],
) {
  return new Promise<Promise<unknown>[]>((resolve) => {
    const started: Promise<unknown>[] = []
    for (let i = 0; i < 20; i++) {
      setImmediate(() => {
        started.push(committer.run(job(i)))
        if (started.length === 20) resolve(started)
      })
    }
  })
}

/** A table `t` on a database of its own, and a committer that runs jobs without savepoints. */
async function withBareCommitter(
  name: string,
  body: (db: Kysely<unknown>, committer: GroupCommitter) => Promise<void>,
) {
  const handle = openSqlite(join(temporary.dir, name))
  try {
    await sql`create table t (k integer primary key)`.execute(handle.db)
    const committer = new GroupCommitter(handle.db, {
      translate: (error) => error,
      writeMark: handle.writeMark,
    })
    await body(handle.db as unknown as Kysely<unknown>, committer)
  } finally {
    await handle.db.destroy()
  }
}

test('without savepoints, a write that fails before writing leaves the batch running once', () =>
  withBareCommitter('bare-read-failure.sqlite', async (db, committer) => {
    const runs = new Array<number>(20).fill(0)
    const writes = await startInOneTurn(committer, (i) => async (trx) => {
      runs[i] = (runs[i] ?? 0) + 1
      await sql`select count(*) from t`.execute(trx)
      if (i % 4 === 0) throw new Error(`refused ${i}`)
      return sql`insert into t values (${i})`.execute(trx)
    })
    const outcomes = await Promise.allSettled(writes)
    assert.deepEqual(
      outcomes.map((o) => o.status),
      runs.map((_, i) => (i % 4 === 0 ? 'rejected' : 'fulfilled')),
    )
    assert.deepEqual(runs, new Array<number>(20).fill(1), 'no job ran twice')
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(db)
    assert.equal(count.rows[0]?.n, 15)
    assert.equal(committer.commits, 1)
  }))

test('without savepoints, a write that fails after writing runs its batch again, undone alone', () =>
  withBareCommitter('bare-write-failure.sqlite', async (db, committer) => {
    const runs = new Array<number>(20).fill(0)
    const writes = await startInOneTurn(committer, (i) => async (trx) => {
      runs[i] = (runs[i] ?? 0) + 1
      await sql`insert into t values (${i})`.execute(trx)
      if (i === 7) throw new Error('refused after writing')
      return i
    })
    const outcomes = await Promise.allSettled(writes)
    assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 1)
    assert.equal(outcomes[7]?.status, 'rejected')
    const rows = await sql<{ k: number }>`select k from t order by k`.execute(db)
    assert.deepEqual(
      rows.rows.map((r) => r.k),
      runs.map((_, i) => i).filter((i) => i !== 7),
    )
    // The bare attempt stopped at job 7 and was rolled back; the second ran every job.
    assert.deepEqual(
      runs,
      runs.map((_, i) => (i <= 7 ? 2 : 1)),
    )
    assert.equal(committer.commits, 1)
  }))
