import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { connectorGroup } from '../../../src/model/entities.js'
import { prop } from '../../../src/model/properties.js'
import type { EntityTypeDef } from '../../../src/model/types.js'
import { bindQuery } from '../../../src/odata/bind.js'
import type { BoundOrderKey } from '../../../src/odata/bound.js'
import { parseQueryOptions } from '../../../src/odata/query-options.js'
import type { Literal } from '../../../src/odata/syntax.js'
import {
  applyFilter,
  applyKeyset,
  applyOrderBy,
  applySearch,
} from '../../../src/store/query-to-kysely.js'
import type { CompileOptions, KeyValue } from '../../../src/store/query-to-kysely.js'
import { keysetValues } from '../../../src/store/keyset.js'
import { sqliteJsonArray } from '../../../src/store/sqlite/json-array.js'

interface Row {
  id: string
  name: string
  region: string | null
  isDefault: number
  connectorGroupType: string
  groupTypes: string | null
}
interface DB {
  connectorGroups: Row
}

// connectorGroup plus a collection property, to exercise any/all on a JSON text column.
const groupLike: EntityTypeDef = {
  ...connectorGroup,
  properties: { ...connectorGroup.properties, groupTypes: prop.strings({ filterable: true }) },
}

const ROWS: Row[] = [
  { id: 'g1', name: 'Alpha', region: 'eur', isDefault: 1, groupTypes: '["Unified"]' },
  { id: 'g2', name: 'beta', region: 'nam', isDefault: 0, groupTypes: '[]' },
  {
    id: 'g3',
    name: '50%_off',
    region: null,
    isDefault: 0,
    groupTypes: '["DynamicMembership","Unified"]',
  },
  { id: 'g4', name: '50xxoff', region: 'eur', isDefault: 0, groupTypes: null },
  { id: 'g5', name: "O'Brien", region: 'asia', isDefault: 0, groupTypes: '["unified"]' },
  { id: 'g6', name: 'alpha two', region: null, isDefault: 0, groupTypes: '[]' },
].map((r) => ({ ...r, connectorGroupType: 'applicationProxy' }))

const OPTIONS: CompileOptions = {
  column: (name) => sql.ref(name),
  jsonArray: sqliteJsonArray,
  // better-sqlite3 cannot bind booleans; the table stores them as 1/0.
  toParam: (literal: Literal) =>
    literal.type === 'boolean' ? Number(literal.value) : literal.value,
}

let db: Kysely<DB>

before(async () => {
  db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) })
  await db.schema
    .createTable('connectorGroups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('isDefault', 'integer', (c) => c.notNull())
    .addColumn('connectorGroupType', 'text', (c) => c.notNull())
    .addColumn('groupTypes', 'text')
    .execute()
  await db.insertInto('connectorGroups').values(ROWS).execute()
})
after(() => db.destroy())

function bound(raw: Record<string, string>) {
  return bindQuery(parseQueryOptions(raw, { dollarOptional: false }), groupLike)
}

async function filteredIds(filter: string): Promise<string[]> {
  const query = bound({ $filter: filter })
  const qb = applyFilter(db.selectFrom('connectorGroups').select('id'), query.filter, OPTIONS)
  return (await qb.orderBy('id').execute()).map((r) => r.id)
}

const FILTERS: readonly [string, string[]][] = [
  ["region eq 'eur'", ['g1', 'g4']],
  ["region eq 'EUR'", ['g1', 'g4']],
  ["name eq 'ALPHA'", ['g1']],
  ["region ne 'eur'", ['g2', 'g3', 'g5', 'g6']],
  ["not (region eq 'eur')", ['g2', 'g3', 'g5', 'g6']],
  ['region eq null', ['g3', 'g6']],
  ['region ne null', ['g1', 'g2', 'g4', 'g5']],
  ['isDefault eq true', ['g1']],
  ['not (isDefault eq true)', ['g2', 'g3', 'g4', 'g5', 'g6']],
  ["startswith(name,'50%_')", ['g3']],
  ["startswith(name,'AL')", ['g1', 'g6']],
  // The prefix range (ASCII only) must not change what matches: the edges of the range and
  // prefixes that get no range at all.
  ["startswith(name,'alpha')", ['g1', 'g6']],
  ["startswith(name,'~')", []],
  ["startswith(name,'ä')", []],
  ["endswith(name,'off')", ['g3', 'g4']],
  ["contains(name,'%')", ['g3']],
  ["contains(name,'\\')", []],
  ["region in ('eur','asia')", ['g1', 'g4', 'g5']],
  ["region in ('eur',null)", ['g1', 'g3', 'g4', 'g6']],
  ["region eq 'eur' and isDefault eq false or name eq 'beta'", ['g2', 'g4']],
  ["groupTypes/any(c:c eq 'unified')", ['g1', 'g3', 'g5']],
  ['groupTypes/any()', ['g1', 'g3', 'g5']],
  ["groupTypes/all(c:startswith(c,'u'))", ['g1', 'g2', 'g4', 'g5', 'g6']],
  ["name eq 'O''Brien'", ['g5']],
  ["name eq 'x'' OR 1=1 --'", []],
  ["name eq '''; DROP TABLE connectorGroups; --'", []],
  ["name gt 'b'", ['g2', 'g5']],
]

describe('applyFilter on SQLite', () => {
  for (const [filter, expected] of FILTERS) {
    test(`${filter} → ${expected.join(',') || 'nothing'}`, async () => {
      assert.deepEqual(await filteredIds(filter), expected)
    })
  }

  test('the table survives the injection-looking literal', async () => {
    const count = await db
      .selectFrom('connectorGroups')
      .select(db.fn.countAll().as('n'))
      .executeTakeFirst()
    assert.equal(Number(count?.n), ROWS.length)
  })

  test('values travel as parameters, never in the SQL text', () => {
    const query = bound({
      $filter: "name eq 'secret' or startswith(name,'e_') or isDefault eq true",
    })
    const qb = applyFilter(db.selectFrom('connectorGroups').select('id'), query.filter, OPTIONS)
    const compiled = qb.compile()
    assert.doesNotMatch(compiled.sql, /secret|e\\_/)
    // startswith also gives its prefix range ('e_' up to 'e`'), for an index on lower(name).
    assert.deepEqual(compiled.parameters, ['secret', 'e_', 'e`', 'e\\_%', 1])
  })
})

test('applySearch matches word prefixes case-insensitively', async () => {
  const tree = parseQueryOptions({ $search: '"name:two" OR "name:bet"' }, { dollarOptional: false })
  const query = bindQuery(tree, groupLike)
  const rows = await applySearch(
    db.selectFrom('connectorGroups').select('id'),
    query.search,
    OPTIONS,
  )
    .orderBy('id')
    .execute()
  assert.deepEqual(
    rows.map((r) => r.id),
    ['g2', 'g6'],
  )
})

async function orderedIds(keys: readonly BoundOrderKey[]): Promise<string[]> {
  const rows = await applyOrderBy(
    db.selectFrom('connectorGroups').selectAll(),
    keys,
    OPTIONS,
  ).execute()
  return rows.map((r) => r.id)
}

async function pagedIds(keys: readonly BoundOrderKey[], pageSize: number): Promise<string[]> {
  const ids: string[] = []
  let afterValues: KeyValue[] | undefined
  for (let page = 0; page < ROWS.length + 1; page++) {
    const qb = applyKeyset(db.selectFrom('connectorGroups').selectAll(), keys, afterValues, OPTIONS)
    const rows = await applyOrderBy(qb, keys, OPTIONS).limit(pageSize).execute()
    ids.push(...rows.map((r) => r.id))
    const last = rows[rows.length - 1]
    if (rows.length < pageSize || last === undefined) return ids
    afterValues = keysetValues(last as unknown as Record<string, unknown>, keys)
  }
  throw new Error('paging did not terminate')
}

describe('applyOrderBy and applyKeyset on SQLite', () => {
  test('NULL sorts last ascending and first descending, id breaks ties', async () => {
    assert.deepEqual(await orderedIds(bound({ $orderby: 'region' }).orderBy), [
      'g5',
      'g1',
      'g4',
      'g2',
      'g3',
      'g6',
    ])
    assert.deepEqual(await orderedIds(bound({ $orderby: 'region desc' }).orderBy), [
      'g3',
      'g6',
      'g2',
      'g1',
      'g4',
      'g5',
    ])
  })

  test('keyset pages concatenate to the full ordering, for any keys, directions and page size', async () => {
    const key = fc.record({
      path: fc.constantFrom('name', 'region', 'isDefault', 'connectorGroupType'),
      direction: fc.constantFrom('asc', 'desc' as const),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(key, { maxLength: 3, selector: (k) => k.path }),
        fc.integer({ min: 1, max: 4 }),
        async (keys, size) => {
          const orderby = keys.map((k) => `${k.path} ${k.direction}`).join(',')
          const orderBy = orderby === '' ? [] : bound({ $orderby: orderby }).orderBy
          assert.deepEqual(await pagedIds(orderBy, size), await orderedIds(orderBy), orderby)
        },
      ),
      { numRuns: 150 },
    )
  })
})
