// Rows ↔ entity JSON, driven by the model: booleans from SQLite's 0/1, JSON text for complex and
// collection values, columns outside the model left behind.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { group } from '../../../src/model/directory.js'
import { application, connectorGroup } from '../../../src/model/entities.js'
import { decodeRow, encodeProperties } from '../../../src/store/row-codec.js'

test('decodes booleans from 0/1 and true/false alike, and drops storage-only columns', () => {
  const row = {
    id: 'g',
    name: 'n',
    connectorGroupType: 'applicationProxy',
    isDefault: 1,
    region: null,
    tenantId: 't',
  }
  assert.deepEqual(decodeRow(connectorGroup, row), {
    id: 'g',
    name: 'n',
    connectorGroupType: 'applicationProxy',
    isDefault: true,
    region: null,
  })
  assert.equal(
    decodeRow<{ isDefault: boolean }>(connectorGroup, { isDefault: false }).isDefault,
    false,
  )
})

test('complex and collection values travel as JSON text', () => {
  const encoded = encodeProperties(application, {
    onPremisesPublishing: { externalUrl: 'https://a' },
    colour: 'x',
  })
  assert.deepEqual(encoded, { onPremisesPublishing: '{"externalUrl":"https://a"}' })
  assert.deepEqual(decodeRow(group, { groupTypes: '["Unified"]' }), { groupTypes: ['Unified'] })
})

test('computed properties are never written', () => {
  const { connector } = {
    connector: {
      properties: {
        status: { access: 'computed', type: { kind: 'primitive', edm: 'Edm.String' } },
      },
    },
  }
  assert.deepEqual(encodeProperties(connector as never, { status: 'active' }), {})
})

test('keeps the model order, leaves out columns the statement did not select, and keeps nulls', () => {
  const decoded = decodeRow<Record<string, unknown>>(connectorGroup, {
    region: 'eur',
    tenantId: 't',
    name: null,
    id: 'g',
  })
  assert.deepEqual(Object.keys(decoded), ['id', 'name', 'region'])
  assert.deepEqual(decoded, { id: 'g', name: null, region: 'eur' })
  assert.deepEqual(decodeRow(group, { groupTypes: null }), { groupTypes: null })
})
