// Telling an unknown segment (E7) from a wrong method (E18) for requests no route answers.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RouteIndex } from '../../../src/http/route-index.js'

const index = new RouteIndex()
index.add('/beta/connectorGroups', ['GET', 'POST'])
index.add('/beta/connectorGroups/:id', ['GET', 'PATCH', 'DELETE'])
index.add('/beta/connectorGroups/:id/members/$ref', 'POST')
index.add('/v1.0', [])

test('a known path with another method is found, with the methods it has', () => {
  const match = index.match('/beta/connectorGroups/abc')
  assert.equal(match.kind, 'found')
  assert.deepEqual(match.kind === 'found' ? [...match.methods].sort() : [], [
    'DELETE',
    'GET',
    'PATCH',
  ])
})

test('segments match case-insensitively', () => {
  assert.equal(index.match('/BETA/ConnectorGroups').kind, 'found')
})

test('the first unknown segment is named', () => {
  assert.deepEqual(index.match('/beta/widgets/1'), { kind: 'unknown', segment: 'widgets' })
  assert.deepEqual(index.match('/v1.0/onPremisesPublishingProfiles'), {
    kind: 'unknown',
    segment: 'onPremisesPublishingProfiles',
  })
})

test('a key never starts with $ (seed 000)', () => {
  assert.deepEqual(index.match('/beta/connectorGroups/$ref'), { kind: 'unknown', segment: '$ref' })
})

test('a path that only prefixes routes names its last segment', () => {
  assert.deepEqual(index.match('/v1.0'), { kind: 'unknown', segment: 'v1.0' })
})
