// The SQLite read cache (src/store/sqlite/read-cache.ts): a repeated read is answered from memory,
// and never once the data may have changed — a write on this connection, a commit by another
// connection, a transaction in progress — nor for statements that read the clock.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { openSqlite } from '../../../src/store/sqlite/dialect.js'
import { DEFAULT_READ_CACHE_LIMITS } from '../../../src/store/sqlite/read-cache.js'
import type { Database as Tables } from '../../../src/store/tables.js'

let dir: string
let file: string
let db: Kysely<Tables>
let readGeneration: () => number
let other: Database.Database

interface Row {
  k: string
  v: string
}
const readAll = async () =>
  (await sql<Row>`select k, v from t order by k`.execute(db)).rows.map((r) => ({ ...r }))

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'read-cache-'))
  file = join(dir, 'db.sqlite')
  ;({ db, readGeneration } = openSqlite(file))
  await sql`create table t (k text primary key, v text not null)`.execute(db)
  await sql`insert into t values ('a', '1')`.execute(db)
  // Another process's connection, as the CLI has while the server runs.
  other = new Database(file)
})
after(async () => {
  other.close()
  await db.destroy()
  rmSync(dir, { recursive: true, force: true })
})

test('a repeated read is answered without the database, with rows no caller can change', async () => {
  const first = await sql<Row>`select k, v from t where k = ${'a'}`.execute(db)
  const generation = readGeneration()
  const second = await sql<Row>`select k, v from t where k = ${'a'}`.execute(db)
  assert.deepEqual(second.rows, [{ k: 'a', v: '1' }])
  // The same row object: it came from the cache, not from a second query.
  assert.equal(second.rows[0], first.rows[0])
  assert.equal(readGeneration(), generation, 'reads do not change the generation')
  assert.throws(() => {
    ;(second.rows[0] as { v: string }).v = 'changed'
  }, TypeError)
  // Each caller gets its own array, so sorting one does not reorder the next answer.
  assert.notEqual(second.rows, first.rows)
})

test('a write on this connection is seen by the next read, and changes the generation', async () => {
  assert.deepEqual(await readAll(), [{ k: 'a', v: '1' }])
  const generation = readGeneration()
  await sql`update t set v = ${'2'} where k = ${'a'}`.execute(db)
  assert.notEqual(readGeneration(), generation)
  assert.deepEqual(await readAll(), [{ k: 'a', v: '2' }])
})

test('a commit by another connection is seen by the next read', async () => {
  assert.deepEqual(await readAll(), [{ k: 'a', v: '2' }])
  const generation = readGeneration()
  other.prepare(`insert into t values ('b', 'from the CLI')`).run()
  assert.deepEqual(await readAll(), [
    { k: 'a', v: '2' },
    { k: 'b', v: 'from the CLI' },
  ])
  assert.notEqual(readGeneration(), generation)
})

test('reads inside a transaction are not kept: a rolled-back write never reaches a later read', async () => {
  await readAll()
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await sql`update t set v = ${'uncommitted'} where k = ${'a'}`.execute(trx)
      const inside = await sql<Row>`select k, v from t order by k`.execute(trx)
      assert.equal(inside.rows[0]?.v, 'uncommitted')
      throw new Error('roll back')
    }),
    /roll back/,
  )
  assert.deepEqual(await readAll(), [
    { k: 'a', v: '2' },
    { k: 'b', v: 'from the CLI' },
  ])
})

test('a statement that reads the clock is never answered from the cache', async () => {
  const now = sql<{ now: string }>`select strftime('%Y-%m-%d %H:%M:%f', 'now') as now`
  const first = (await now.execute(db)).rows[0]
  await new Promise((resolve) => setTimeout(resolve, 5))
  const second = (await now.execute(db)).rows[0]
  assert.notEqual(first, second)
  assert.notEqual(first?.now, second?.now)
})

test('results longer than a page fragment are read each time, shorter ones are kept', async () => {
  const { maxRowsPerResult } = DEFAULT_READ_CACHE_LIMITS
  const many = sql<{ n: number }>`
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${maxRowsPerResult + 1})
    select n from seq`
  const first = (await many.execute(db)).rows
  const second = (await many.execute(db)).rows
  assert.equal(second.length, maxRowsPerResult + 1)
  assert.notEqual(second[0], first[0], 'a long result is not kept')
  const few = sql<{ n: number }>`
    with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${maxRowsPerResult})
    select n from seq`
  const kept = (await few.execute(db)).rows
  assert.equal((await few.execute(db)).rows[0], kept[0], 'a result of the limit is kept')
})
