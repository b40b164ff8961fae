// Processes that open one fresh SQLite file at the same moment each start, and the migrations run
// once; a migration that fails leaves the file as it was.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { migrateToLatest } from '../../../src/store/migrate.js'
import { openSqlite } from '../../../src/store/sqlite/dialect.js'
import { inMigrationTransaction } from '../../../src/store/sqlite/migration-lock.js'
import { SQLITE_MIGRATIONS } from '../../../src/store/sqlite/migrations/index.js'

const run = promisify(execFile)

let dir: string
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'migration-lock-'))
})
after(() => rmSync(dir, { recursive: true, force: true }))

const tables = async (db: Kysely<unknown>) =>
  (
    await sql<{ name: string }>`
      select name from sqlite_schema where type = 'table' order by name`.execute(db)
  ).rows.map((row) => row.name)

test('three processes opening one fresh file together all start; each migration runs once', async () => {
  const file = join(dir, 'together.sqlite')
  // Far enough ahead for all three to have loaded the code (tsx compiles on start).
  const startAt = Date.now() + 4000
  const child = join(import.meta.dirname, '../../support/open-store-at.ts')
  const outcomes = await Promise.allSettled(
    [1, 2, 3].map(() =>
      run(process.execPath, ['--import', 'tsx', child, file, String(startAt)], {
        timeout: 60_000,
      }),
    ),
  )
  for (const outcome of outcomes) {
    assert.equal(
      outcome.status,
      'fulfilled',
      outcome.status === 'rejected' ? String(outcome.reason) : '',
    )
  }
  assert.ok(Date.now() > startAt, 'the processes waited for the common start')

  const db = openSqlite(file).db as unknown as Kysely<unknown>
  const applied = await sql<{ name: string }>`
    select name from kysely_migration order by name`.execute(db)
  assert.deepEqual(
    applied.rows.map((row) => row.name),
    Object.keys(SQLITE_MIGRATIONS),
  )
  assert.ok((await tables(db)).includes('connectorGroups'))
  await db.destroy()
})

test('a migration that fails commits nothing, and foreign keys are enforced again', async () => {
  const db = openSqlite(join(dir, 'failing.sqlite')).db as unknown as Kysely<unknown>
  await assert.rejects(
    inMigrationTransaction(db, async (conn) => {
      await sql`create table made_then_undone (id text primary key)`.execute(conn)
      throw new Error('migration step failed')
    }),
    /migration step failed/,
  )
  assert.deepEqual(await tables(db), [])
  const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)
  assert.equal(rows[0]?.foreign_keys, 1)
  // And the file still migrates afterwards.
  await migrateToLatest(db, 'sqlite')
  assert.ok((await tables(db)).includes('connectorGroups'))
  await db.destroy()
})

test('migrations that would leave a broken reference commit nothing', async () => {
  const db = openSqlite(join(dir, 'broken.sqlite')).db as unknown as Kysely<unknown>
  await assert.rejects(
    inMigrationTransaction(db, async (conn) => {
      await sql`create table parent (id text primary key)`.execute(conn)
      await sql`create table child (id text primary key, parent text references parent (id))`.execute(
        conn,
      )
      // Accepted while the checks are off; the check before the commit refuses it.
      await sql`insert into child values ('c', 'missing')`.execute(conn)
    }),
    /would break 1 foreign key/,
  )
  assert.deepEqual(await tables(db), [])
  await db.destroy()
})
