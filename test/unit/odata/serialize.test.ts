// Response bodies in OData JSON minimal metadata (spec §7.1–7.2).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  collectionBody,
  collectionText,
  entityBody,
  project,
  referenceCollectionBody,
  selectFragment,
} from '../../../src/odata/serialize.js'

const scope = { serviceRoot: 'https://localhost:5080/beta' }

test('entities start with @odata.context', () => {
  assert.deepEqual(
    Object.keys(entityBody(scope, 'connectorGroups/$entity', { id: '1', name: 'a' })),
    ['@odata.context', 'id', 'name'],
  )
  assert.equal(
    entityBody(scope, 'x', {})['@odata.context'],
    'https://localhost:5080/beta/$metadata#x',
  )
})

test('collections put @odata.count and @odata.nextLink before value, and only when given', () => {
  assert.deepEqual(Object.keys(collectionBody(scope, 'c', { items: [] })), [
    '@odata.context',
    'value',
  ])
  const full = collectionBody(scope, 'c', { items: [1], count: 1, nextLink: 'n' })
  assert.deepEqual(Object.keys(full), [
    '@odata.context',
    '@odata.count',
    '@odata.nextLink',
    'value',
  ])
})

test('reference collections hold @odata.id objects under Collection($ref)', () => {
  assert.deepEqual(referenceCollectionBody(scope, ['u1']), {
    '@odata.context': 'https://localhost:5080/beta/$metadata#Collection($ref)',
    value: [{ '@odata.id': 'u1' }],
  })
})

test('$select goes into the context URL, before /$entity', () => {
  assert.equal(selectFragment('connectorGroups', ['id', 'name']), 'connectorGroups(id,name)')
  assert.equal(selectFragment('connectorGroups/$entity', ['name']), 'connectorGroups(name)/$entity')
  assert.equal(selectFragment('connectorGroups', undefined), 'connectorGroups')
})

test('projection keeps selected properties and expansions in the entity’s order', () => {
  const item = { id: '1', name: 'a', region: 'eur', members: [] }
  assert.deepEqual(project(item, ['region', 'id']), { id: '1', region: 'eur' })
  assert.deepEqual(project(item, ['name'], ['members']), { name: 'a', members: [] })
  assert.equal(project(item, undefined), item)
})

test('collectionText is collectionBody serialised, around items that are JSON already', () => {
  const items = [
    { id: '1', name: 'a "quoted" \u2028 name' },
    { id: '2', name: null },
  ]
  for (const extra of [{}, { count: 7 }, { nextLink: 'https://x/?$skiptoken=a"b' }]) {
    assert.equal(
      collectionText(scope, "c('x')", { itemsJson: JSON.stringify(items), ...extra }),
      JSON.stringify(collectionBody(scope, "c('x')", { items, ...extra })),
    )
  }
  assert.equal(
    collectionText(scope, 'c', { itemsJson: '[]' }),
    JSON.stringify(collectionBody(scope, 'c', { items: [] })),
  )
})
