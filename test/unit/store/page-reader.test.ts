// The SQLite page reader's thread (src/store/sqlite/page-reader.ts): a real database file, a real
// worker thread. It reads the last committed state, refuses what it cannot run without harm to
// the next read, stops when idle and when closed, and never leaves a read unanswered.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, test } from 'node:test'
import Database from 'better-sqlite3'
import { decodeSkipToken } from '../../../src/odata/skiptoken.js'
import type { PageShape } from '../../../src/store/page-json.js'
import { SqlitePageReader } from '../../../src/store/sqlite/page-reader.js'

let dir: string
let file: string
let writer: Database.Database

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'page-reader-'))
  file = join(dir, 'db.sqlite')
  writer = new Database(file)
  writer.pragma('journal_mode = WAL')
  writer.exec(
    `create table groups (id text primary key, name text, isDefault integer, region text)`,
  )
})

after(() => {
  writer.close()
  rmSync(dir, { recursive: true, force: true })
})

const SHAPE: PageShape = {
  entity: 'connectorGroup',
  pageSize: 100,
  keyset: { names: ['id'], lowered: [] },
}
const ALL = {
  sql: 'select id, name, isDefault, region from groups order by id limit 101',
  parameters: [],
}

const names = async (reader: SqlitePageReader): Promise<string[]> => {
  const { json } = await reader.read(ALL, SHAPE)
  return (JSON.parse(json) as Array<{ name: string }>).map((g) => g.name)
}

describe('SqlitePageReader', () => {
  test('reads what the other connection committed, and nothing it has not', async () => {
    const reader = new SqlitePageReader(file)
    try {
      writer.prepare('insert into groups values (?, ?, ?, ?)').run('a', 'committed', 1, 'eur')
      assert.deepEqual(await names(reader), ['committed'])
      writer.exec('begin immediate')
      writer.prepare('insert into groups values (?, ?, ?, ?)').run('b', 'open', 0, null)
      assert.deepEqual(await names(reader), ['committed'])
      writer.exec('commit')
      assert.deepEqual(await names(reader), ['committed', 'open'])
      // Decoded by the model: SQLite's 0/1 are booleans again, nulls stay.
      const { json } = await reader.read(ALL, SHAPE)
      assert.deepEqual(JSON.parse(json), [
        { id: 'a', name: 'committed', isDefault: true, region: 'eur' },
        { id: 'b', name: 'open', isDefault: false, region: null },
      ])
    } finally {
      await reader.close()
      writer.exec('delete from groups')
    }
  })

  test('binds booleans as SQLite stores them, and gives the next keyset', async () => {
    const reader = new SqlitePageReader(file)
    try {
      const insert = writer.prepare('insert into groups values (?, ?, ?, ?)')
      for (const [id, isDefault] of [
        ['x1', 1],
        ['x2', 0],
        ['x3', 1],
        ['x4', 1],
      ] as const)
        insert.run(id, id, isDefault, 'eur')
      const statement = {
        sql: 'select id, name, isDefault, region from groups where isDefault = ? order by id limit 3',
        parameters: [true],
      }
      const page = await reader.read(statement, { ...SHAPE, pageSize: 2, select: ['name'] })
      assert.equal(page.json, '[{"name":"x1"},{"name":"x3"}]')
      assert.deepEqual(page.nextKeys, ['x3'])
      assert.equal(page.nextToken, undefined)
      // Signed in the thread, checked on this one.
      const seal = { fingerprint: 'print', secret: 'secret' }
      const sealed = await reader.read(statement, { ...SHAPE, pageSize: 2 }, seal)
      const token = sealed.nextToken ?? assert.fail('no token')
      assert.deepEqual(decodeSkipToken(token, { ...seal, keyCount: 1 }), ['x3'])
    } finally {
      await reader.close()
      writer.exec('delete from groups')
    }
  })

  test('a statement that fails, or would write, is refused with its code; the next read runs', async () => {
    const reader = new SqlitePageReader(file)
    try {
      await assert.rejects(reader.read({ sql: 'select nope from groups', parameters: [] }, SHAPE), {
        code: 'SQLITE_ERROR',
        message: /no such column: nope/,
      })
      const write = { sql: "insert into groups values ('w', 'w', 0, null)", parameters: [] }
      await assert.rejects(reader.read(write, SHAPE))
      assert.deepEqual(await names(reader), [])
      assert.deepEqual(writer.prepare('select count(*) as n from groups').get(), { n: 0 })
    } finally {
      await reader.close()
    }
  })

  test('the thread stops after idleMs without a read, and the next read starts another', async () => {
    const reader = new SqlitePageReader(file, { idleMs: 30 })
    try {
      assert.equal(reader.running, false)
      await names(reader)
      assert.equal(reader.running, true)
      for (let i = 0; i < 100 && reader.running; i++) await sleep(20)
      assert.equal(reader.running, false)
      writer.prepare('insert into groups values (?, ?, ?, ?)').run('r', 'restarted', 0, null)
      assert.deepEqual(await names(reader), ['restarted'])
      assert.equal(reader.running, true)
    } finally {
      await reader.close()
      writer.exec('delete from groups')
    }
  })

  test('close refuses the reads still running and every later one', async () => {
    const reader = new SqlitePageReader(file)
    // Still owed when close() comes: the thread is starting, or counting three million rows.
    const slow = {
      sql: `with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000000)
            select cast(count(*) as text) as id, null as name, 0 as isDefault, null as region from n`,
      parameters: [],
    }
    const running = reader.read(slow, SHAPE)
    await sleep(50)
    await reader.close()
    await assert.rejects(running, /page reader: the thread exited/)
    await assert.rejects(names(reader), /page reader: closed/)
    assert.equal(reader.running, false)
  })
})
