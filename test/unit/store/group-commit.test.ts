// Group commit on SQLite: concurrent write transactions share one commit, yet each one commits or
// rolls back on its own and sees the writes of those queued before it.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import { errors } from '../../../src/errors/catalogue.js'
import { GraphError } from '../../../src/errors/graph-error.js'
import { GroupCommitter } from '../../../src/store/group-commit.js'
import { openStore } from '../../../src/store/open-store.js'
import { openSqlite } from '../../../src/store/sqlite/dialect.js'
import type { Store } from '../../../src/store/store.js'

let dir: string
let store: Store
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'group-commit-'))
  store = await openStore({
    url: join(dir, 'db.sqlite'),
    connectorInactiveAfterSeconds: 600,
    now: () => new Date(),
  })
})
after(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

test('a failing transaction is undone alone; the others of its batch commit', async () => {
  const outcomes = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      store.transaction(async (tx) => {
        await tx.settings.getOrInsert(`k${i}`, `v${i}`)
        if (i % 5 === 0) throw errors.badRequest(`refused ${i}`)
        return i
      }),
    ),
  )
  for (const [i, outcome] of outcomes.entries()) {
    const stored = await store.read((tx) => tx.settings.get(`k${i}`))
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
  const first = store.transaction((tx) => tx.settings.getOrInsert('order', 'first'))
  const second = store.transaction((tx) => tx.settings.get('order'))
  assert.equal(await first, 'first')
  assert.equal(await second, 'first')
})

test('a constraint violation in one transaction reaches its caller as a StoreConflict', async () => {
  const results = await Promise.allSettled([
    store.transaction((tx) =>
      tx.tenants.insert({
        id: 't1',
        displayName: 'a',
        defaultDomain: 'a.example',
        region: 'eur',
        isAppProxyEnabled: true,
        createdDateTime: '2026-01-01T00:00:00.000Z',
      }),
    ),
    store.transaction((tx) =>
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
  assert.equal(await store.read((tx) => tx.tenants.get('t2')), undefined)
})

test('writes started by separate callbacks of one event-loop turn share one commit', async () => {
  // As requests read from 20 sockets in one turn do: each starts its write from its own callback.
  const { db } = openSqlite(join(dir, 'batched.sqlite'))
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
