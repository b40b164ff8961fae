// The JSON SQLite writes for an item (src/store/sqlite/item-json.ts) is, byte for byte, what
// JSON.stringify writes for the item the JavaScript path decodes from the same stored row.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { connector, connectorGroup } from '../../../src/model/entities.js'
import { prop } from '../../../src/model/properties.js'
import type { EntityTypeDef, PropertyDef } from '../../../src/model/types.js'
import { project } from '../../../src/odata/serialize.js'
import { decodeRow } from '../../../src/store/row-codec.js'
import { sqliteItemJson } from '../../../src/store/sqlite/item-json.js'

/** A table whose columns are the model's names, as the stores' are. */
const COLUMNS = {
  id: 'text',
  name: 'text',
  connectorGroupType: 'text',
  isDefault: 'integer',
  region: 'text',
  machineName: 'text',
  externalIp: 'text',
  version: 'text',
  status: 'text',
} as const
type Row = { [K in keyof typeof COLUMNS]: unknown }

let db: Kysely<{ items: Row }>
let raw: Database.Database

before(async () => {
  raw = new Database(':memory:')
  db = new Kysely({ dialect: new SqliteDialect({ database: raw }) })
  const columns = Object.entries(COLUMNS).map(([name, type]) => `"${name}" ${type}`)
  raw.exec(`create table items (seq integer primary key, ${columns.join(', ')})`)
})

after(async () => {
  await db.destroy()
})

/** Both ways of writing the stored rows' items: SQLite's, and decode + project + stringify. */
async function bothWays(
  entity: EntityTypeDef,
  rows: readonly Partial<Row>[],
  select: readonly string[] | undefined,
): Promise<{ sqlJson: string[]; jsJson: string[] }> {
  raw.exec('delete from items')
  const insert = raw.prepare(
    `insert into items (${Object.keys(COLUMNS).join(', ')}) values (${Object.keys(COLUMNS)
      .map((name) => `@${name}`)
      .join(', ')})`,
  )
  for (const row of rows) {
    insert.run(
      Object.fromEntries(
        Object.keys(COLUMNS).map((name) => [name, row[name as keyof Row] ?? null]),
      ),
    )
  }
  const shown = Object.entries(entity.properties).filter(([name]) => select?.includes(name) ?? true)
  const item = sqliteItemJson.item(shown, (name) => sql.ref(name))
  assert.ok(item !== undefined, 'the strategy writes these properties')
  const stored = await db
    .selectFrom('items')
    .select([item.as('json'), ...Object.keys(entity.properties).map((n) => sql.ref(n).as(n))])
    .orderBy('seq')
    .execute()
  return {
    sqlJson: stored.map((row) => String(row.json)),
    jsJson: stored.map((row) =>
      JSON.stringify(project(decodeRow<object>(entity, row as Record<string, unknown>), select)),
    ),
  }
}

const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '"', '\\', '\u2028', '\ud800', 'a\u0000b', '\u007f'),
)
const groupRow = fc.record({
  id: fc.uuid(),
  name: fc.option(text),
  connectorGroupType: fc.constant('applicationProxy'),
  isDefault: fc.option(fc.constantFrom(0, 1)),
  region: fc.option(fc.constantFrom('nam', 'eur', 'aus', 'asia', 'ind')),
})
const connectorRow = fc.record({
  id: fc.uuid(),
  machineName: fc.option(text),
  externalIp: fc.ipV4(),
  version: fc.option(text),
  status: fc.constantFrom('active', 'inactive'),
})
const selects = (entity: EntityTypeDef) =>
  fc.option(fc.subarray(Object.keys(entity.properties), { minLength: 1 }), { nil: undefined })

for (const [entity, row] of [
  [connectorGroup, groupRow],
  [connector, connectorRow],
] as const) {
  test(`${entity.name}: SQLite writes the JSON the JavaScript path writes, for any row and $select`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row as fc.Arbitrary<Partial<Row>>, { minLength: 1, maxLength: 8 }),
        selects(entity),
        async (rows, select) => {
          const { sqlJson, jsJson } = await bothWays(entity, rows, select)
          assert.deepEqual(sqlJson, jsJson)
        },
      ),
      { numRuns: 200 },
    )
  })
}

test('every UTF-16 code unit, surrogates included, is escaped or kept as JSON.stringify does', async () => {
  const rows: Partial<Row>[] = []
  for (let start = 0; start < 0x10000; start += 512) {
    const units = Array.from({ length: 512 }, (_, i) => start + i)
    rows.push({ id: String(start), name: String.fromCharCode(...units) })
  }
  const { sqlJson, jsJson } = await bothWays(connectorGroup, rows, ['id', 'name'])
  assert.equal(sqlJson.length, 128)
  assert.deepEqual(sqlJson, jsJson)
})

test('booleans: 1 is true, 0 false, NULL null; an item with no properties is {}', async () => {
  const rows = [{ isDefault: 1 }, { isDefault: 0 }, { isDefault: null }]
  const { sqlJson } = await bothWays(connectorGroup, rows, ['isDefault'])
  assert.deepEqual(sqlJson, ['{"isDefault":true}', '{"isDefault":false}', '{"isDefault":null}'])
  const none = sqliteItemJson.item([], (name) => sql.ref(name))
  const [row] = await db.selectNoFrom(none!.as('json')).execute()
  assert.equal(row?.json, '{}')
})

test('what SQLite cannot write as JSON.stringify would is left to the JavaScript path', () => {
  const refuse = (def: PropertyDef) =>
    sqliteItemJson.item(
      [
        ['id', prop.key()],
        ['x', def],
      ],
      (name) => sql.ref(name),
    )
  assert.equal(refuse(prop.strings()), undefined)
  assert.equal(
    refuse({ ...prop.string(), type: { kind: 'primitive', edm: 'Edm.Int64' } }),
    undefined,
  )
  assert.notEqual(refuse(prop.string()), undefined)
})
