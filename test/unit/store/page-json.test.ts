// Pages as JSON text (src/store/page-json.ts) say exactly what the object path says: the same
// decoder, the same $select projection, the same keyset for the next page.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { connector, connectorGroup } from '../../../src/model/entities.js'
import type { EntityTypeDef } from '../../../src/model/types.js'
import { project } from '../../../src/odata/serialize.js'
import { decodeSkipToken } from '../../../src/odata/skiptoken.js'
import { keysetValuesOf } from '../../../src/store/keyset.js'
import { ITEM_JSON, serialiseItems, serialiseRows } from '../../../src/store/page-json.js'
import { decodeRow } from '../../../src/store/row-codec.js'

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', '"', '\\'))

/** Rows as either database gives them: booleans as 0/1 or true/false, nulls, extra columns. */
const groupRow = fc.record({
  tenantId: fc.uuid(),
  id: fc.uuid(),
  name: fc.option(text),
  connectorGroupType: fc.constant('applicationProxy'),
  isDefault: fc.constantFrom(0, 1, true, false),
  region: fc.option(fc.constantFrom('nam', 'eur', 'aus', 'asia', 'ind')),
})
const connectorRow = fc.record({
  id: fc.uuid(),
  machineName: text,
  externalIp: fc.ipV4(),
  version: fc.option(text),
  status: fc.constantFrom('active', 'inactive'),
})

function selects(entity: EntityTypeDef) {
  return fc.option(fc.subarray(Object.keys(entity.properties), { minLength: 1 }), {
    nil: undefined,
  })
}

for (const [entity, row] of [
  [connectorGroup, groupRow],
  [connector, connectorRow],
] as const) {
  test(`${entity.name}: the JSON is the object path's items, serialised`, () => {
    fc.assert(
      fc.property(
        fc.array(row as fc.Arbitrary<Record<string, unknown>>, { maxLength: 12 }),
        selects(entity),
        fc.integer({ min: 1, max: 10 }),
        (rows, select, pageSize) => {
          const shape = {
            entity: entity.name,
            ...(select === undefined ? {} : { select }),
            pageSize,
            keyset: { names: ['id'], lowered: [] },
          }
          const { json } = serialiseRows(rows, shape)
          const expected = rows
            .slice(0, pageSize)
            .map((r) => project(decodeRow<object>(entity, r), select))
          assert.equal(json, JSON.stringify(expected))
        },
      ),
    )
  })
}

test('nextKeys come from the last row of the page, only when the query found one more', () => {
  const rows = ['A', 'b', 'C'].map((name, i) => ({ id: `id${i}`, name, isDefault: i % 2 }))
  const keyset = { names: ['name', 'isDefault', 'id'], lowered: ['name'], booleans: ['isDefault'] }
  const shape = { entity: 'connectorGroup', pageSize: 2, keyset }
  const page = serialiseRows(rows, shape)
  assert.deepEqual(page.nextKeys, ['b', true, 'id1'])
  assert.deepEqual(page.nextKeys, keysetValuesOf(rows[1] as Record<string, unknown>, keyset))
  assert.equal(serialiseRows(rows.slice(0, 2), shape).nextKeys, undefined)
  assert.equal(serialiseRows([], shape).json, '[]')
})

test('items written by the database: joined as they are, the keyset read from the last one', () => {
  const items = ['A', 'b', 'C'].map((name, i) =>
    JSON.stringify({ id: `id${i}`, name, isDefault: i % 2 === 1 }),
  )
  const keyset = { names: ['name', 'isDefault', 'id'], lowered: ['name'], booleans: ['isDefault'] }
  const shape = { entity: 'connectorGroup', pageSize: 2, keyset, itemsAsJson: true }
  const alone = serialiseItems(items, { ...shape, keysetInItem: true })
  assert.equal(alone.json, `[${items[0]},${items[1]}]`)
  assert.deepEqual(alone.nextKeys, ['b', true, 'id1'])
  // The same page with the keyset in columns of its own, as when $select leaves a key out.
  const rows = items.map((item, i) => ({
    [ITEM_JSON]: item,
    name: ['A', 'b', 'C'][i],
    isDefault: i % 2,
    id: `id${i}`,
  }))
  assert.deepEqual(serialiseRows(rows, shape), alone)
  assert.deepEqual(
    serialiseRows(
      rows.map((row) => ({ [ITEM_JSON]: row[ITEM_JSON] })),
      { ...shape, keysetInItem: true },
    ),
    alone,
  )
  assert.equal(
    serialiseItems(items.slice(0, 2), { ...shape, keysetInItem: true }).nextKeys,
    undefined,
  )
  assert.throws(() => serialiseItems([null], { ...shape, keysetInItem: true }), /no item JSON/)
})

test('with a seal, the next keyset comes signed as the skip token the request thread checks', () => {
  const items = ['A', 'b', 'C'].map((name, i) => JSON.stringify({ id: `id${i}`, name }))
  const keyset = { names: ['name', 'id'], lowered: ['name'], booleans: [] }
  const shape = { entity: 'connectorGroup', pageSize: 2, keyset, itemsAsJson: true }
  const seal = { fingerprint: 'query-print', secret: 'page-secret' }
  const rows = items.map((item, i) => ({
    [ITEM_JSON]: item,
    name: ['A', 'b', 'C'][i],
    id: `id${i}`,
  }))
  const pages = [
    serialiseItems(items, { ...shape, keysetInItem: true }, seal),
    serialiseRows(rows, shape, seal),
  ]
  for (const page of pages) {
    assert.deepEqual(page.nextKeys, ['b', 'id1'])
    const token = page.nextToken ?? assert.fail('no token')
    assert.deepEqual(decodeSkipToken(token, { ...seal, keyCount: 2 }), ['b', 'id1'])
    assert.throws(() => decodeSkipToken(token, { ...seal, secret: 'other', keyCount: 2 }))
    assert.throws(() => decodeSkipToken(token, { ...seal, fingerprint: 'other', keyCount: 2 }))
  }
  assert.equal(serialiseRows(rows, shape).nextToken, undefined)
  assert.equal(serialiseItems(items.slice(0, 2), shape, seal).nextToken, undefined)
})
