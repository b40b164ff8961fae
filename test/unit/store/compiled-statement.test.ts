// Statements compiled once: each call binds its own values, the builder runs once per database,
// and a builder that does more with a value than bind it is refused before anything runs.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { CompiledStatement } from '../../../src/store/compiled-statement.js'
import type { Database } from '../../../src/store/tables.js'
import { temporaryStore } from '../../support/temporary-store.js'

const temporary = temporaryStore('compiled-statement')

type Setting = { key: string; value: string }

const settingsLike = (prefix: string) =>
  temporary.store.db
    .selectFrom('settings')
    .selectAll()
    .where('key', 'like', `${prefix}%`)
    .orderBy('key')
    .execute()

test('each call binds its own values; the builder runs once, transactions included', async () => {
  let builds = 0
  const insert = new CompiledStatement((db: Kysely<Database>, row: Setting) => {
    builds++
    return db.insertInto('settings').values({ key: row.key, value: row.value })
  })
  // A constant of the builder (the `<>` operand) stays where it was.
  const get = new CompiledStatement((db: Kysely<Database>, key: { key: string }) => {
    builds++
    return db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key.key)
      .where('value', '<>', 'never stored')
  })
  await insert.execute(temporary.store.db, { key: 'once-a', value: '1' })
  // A transaction's own Kysely: same dialect, so nothing is compiled again.
  await temporary.store.db
    .transaction()
    .execute((trx) => insert.execute(trx, { key: 'once-b', value: '2' }))
  assert.deepEqual(await get.executeTakeFirst(temporary.store.db, { key: 'once-a' }), {
    value: '1',
  })
  assert.deepEqual(await get.executeTakeFirst(temporary.store.db, { key: 'once-b' }), {
    value: '2',
  })
  assert.equal(await get.executeTakeFirst(temporary.store.db, { key: 'once-c' }), undefined)
  assert.equal(builds, 2)
  assert.deepEqual(await settingsLike('once-'), [
    { key: 'once-a', value: '1' },
    { key: 'once-b', value: '2' },
  ])
})

test('the same value bound twice in one statement takes the call’s value at both places', async () => {
  const insert = new CompiledStatement((db: Kysely<Database>, row: { both: string }) =>
    db.insertInto('settings').values({ key: row.both, value: row.both }),
  )
  await insert.execute(temporary.store.db, { both: 'twice-x' })
  assert.deepEqual(await settingsLike('twice-'), [{ key: 'twice-x', value: 'twice-x' }])
})

test('a builder that changes a value, or splices it into the SQL, is refused and writes nothing', async () => {
  const refused = [
    {
      message: /a value was changed before binding/,
      statement: new CompiledStatement((db: Kysely<Database>, row: Setting) =>
        db.insertInto('settings').values({ key: `refused-${row.key}`, value: row.value }),
      ),
    },
    {
      message: /no value for KEY/,
      statement: new CompiledStatement((db: Kysely<Database>, row: Setting) =>
        db.insertInto('settings').values({ key: row.key.toUpperCase(), value: row.value }),
      ),
    },
    {
      message: /a value was spliced into the SQL/,
      statement: new CompiledStatement((db: Kysely<Database>, row: Setting) =>
        db.insertInto('settings').values({ key: sql.lit(row.key), value: row.value }),
      ),
    },
  ]
  for (const { message, statement } of refused) {
    await assert.rejects(
      statement.execute(temporary.store.db, { key: 'refused-k', value: 'v' }),
      message,
    )
  }
  assert.deepEqual(await settingsLike('refused-'), [])
  assert.deepEqual(await settingsLike('REFUSED-'), [])
})

test('a value left undefined is refused rather than bound', async () => {
  const insert = new CompiledStatement((db: Kysely<Database>, row: Partial<Setting>) =>
    db.insertInto('settings').values({ key: row.key as string, value: row.value as string }),
  )
  await assert.rejects(
    insert.execute(temporary.store.db, { key: 'undefined-k' }),
    /no value for value/,
  )
  assert.deepEqual(await settingsLike('undefined-'), [])
})
