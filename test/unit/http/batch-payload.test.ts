// Reading a JSON batch (spec §7.3): inner URLs resolved under the version root, and nothing else.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  innerRequestPath,
  innerRequestPayload,
  parseBatchPayload,
} from '../../../src/http/batch-payload.js'

const paths: Array<[string, string, string | undefined]> = [
  ['/users', 'v1.0', '/v1.0/users'],
  ['users/abc?$select=id', 'v1.0', '/v1.0/users/abc?$select=id'],
  ['/groups/1/members/$ref', 'beta', '/beta/groups/1/members/$ref'],
  [
    "/users?$filter=displayName eq 'a b'",
    'v1.0',
    '/v1.0/users?$filter=displayName%20eq%20%27a%20b%27',
  ],
  ['https://graph.example/v1.0/users/abc', 'v1.0', '/v1.0/users/abc'],
  ['https://127.0.0.1:5080/V1.0/users', 'v1.0', '/v1.0/users'],
  ['https://graph.example/beta/users', 'v1.0', undefined],
  ['/../_admin/tenants', 'v1.0', undefined],
  ['/users/%2e%2e/%2e%2e/_admin', 'v1.0', undefined],
  ['/v1.0/users', 'v1.0', '/v1.0/v1.0/users'],
]
for (const [url, version, expected] of paths) {
  test(`inner URL ${url} in a ${version} batch → ${expected ?? 'refused'}`, () => {
    assert.equal(innerRequestPath(url, version), expected)
  })
}

test('a string body is base64, anything else JSON', () => {
  assert.equal(innerRequestPayload(Buffer.from('{"a":1}').toString('base64')).toString(), '{"a":1}')
  assert.equal(innerRequestPayload({ a: 1 }), '{"a":1}')
})

test('a batch keeps the order, upper-cases methods and lower-cases header names', () => {
  const items = parseBatchPayload({
    requests: [
      { id: '1', method: 'get', url: '/users' },
      {
        id: '2',
        method: 'Post',
        url: '/groups',
        headers: { 'Content-Type': 'application/json' },
        body: {},
        dependsOn: ['1'],
      },
    ],
  })
  assert.deepEqual(items, [
    { id: '1', method: 'GET', url: '/users', headers: {}, dependsOn: [] },
    {
      id: '2',
      method: 'POST',
      url: '/groups',
      headers: { 'content-type': 'application/json' },
      body: {},
      dependsOn: ['1'],
    },
  ])
})

test('an empty batch is valid; twenty requests are, twenty-one are not', () => {
  assert.deepEqual(parseBatchPayload({ requests: [] }), [])
  const get = (i: number) => ({ id: String(i), method: 'GET', url: '/users' })
  assert.equal(
    parseBatchPayload({ requests: Array.from({ length: 20 }, (_, i) => get(i)) }).length,
    20,
  )
  assert.throws(
    () => parseBatchPayload({ requests: Array.from({ length: 21 }, (_, i) => get(i)) }),
    /at most 20/,
  )
})
