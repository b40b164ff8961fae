import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GraphError } from '../../../src/errors/graph-error.js'
import { parseQueryOptions } from '../../../src/odata/query-options.js'
import { decodeSkipToken, encodeSkipToken, queryFingerprint } from '../../../src/odata/skiptoken.js'

const SECRET = 'test-secret'
const options = parseQueryOptions(
  { $filter: "region eq 'eur'", $orderby: 'name desc' },
  { dollarOptional: false },
)
const fingerprint = queryFingerprint(options)
const expected = { fingerprint, keyCount: 2, secret: SECRET }

function isInvalidToken(err: unknown): boolean {
  return (
    err instanceof GraphError &&
    err.status === 400 &&
    err.code === 'BadRequest' &&
    err.message === 'The $skiptoken is invalid or has been tampered with.'
  )
}

describe('skip tokens', () => {
  test('round trip', () => {
    const keys = ["O'Brien / ü", 'f3b1c2d4-0000-4000-8000-000000000001']
    const token = encodeSkipToken(keys, fingerprint, SECRET)
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    assert.deepEqual(decodeSkipToken(token, expected), keys)
    assert.deepEqual(decodeSkipToken(encodeSkipToken([null, 'x'], fingerprint, SECRET), expected), [
      null,
      'x',
    ])
  })

  test('every single-character change is a 400', () => {
    const token = encodeSkipToken(['alpha', 'id-1'], fingerprint, SECRET)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'
    for (let i = 0; i < token.length; i++) {
      const replacement = alphabet[
        (alphabet.indexOf(token.charAt(i)) + 1) % alphabet.length
      ] as string
      const tampered = token.slice(0, i) + replacement + token.slice(i + 1)
      assert.throws(() => decodeSkipToken(tampered, expected), isInvalidToken, `position ${i}`)
    }
  })

  test('garbage, another secret, another query or another key count is a 400', () => {
    const token = encodeSkipToken(['alpha', 'id-1'], fingerprint, SECRET)
    assert.throws(() => decodeSkipToken('', expected), isInvalidToken)
    assert.throws(() => decodeSkipToken('not-a-token', expected), isInvalidToken)
    assert.throws(() => decodeSkipToken(token + 'A', expected), isInvalidToken)
    assert.throws(() => decodeSkipToken(token, { ...expected, secret: 'other' }), isInvalidToken)
    const other = queryFingerprint(
      parseQueryOptions({ $orderby: 'name' }, { dollarOptional: false }),
    )
    assert.throws(() => decodeSkipToken(token, { ...expected, fingerprint: other }), isInvalidToken)
    assert.throws(() => decodeSkipToken(token, { ...expected, keyCount: 3 }), isInvalidToken)
  })

  test('the fingerprint ignores spelling but not meaning', () => {
    const respelled = parseQueryOptions(
      { $filter: "(region  eq 'eur')", $orderby: 'name desc' },
      { dollarOptional: false },
    )
    assert.equal(queryFingerprint(respelled), fingerprint)
    const changed = parseQueryOptions(
      { $filter: "region eq 'nam'", $orderby: 'name desc' },
      { dollarOptional: false },
    )
    assert.notEqual(queryFingerprint(changed), fingerprint)
  })

  test('fingerprints stay the same and distinct across many queries (their memo is bounded)', () => {
    const seen = new Map<string, string>()
    for (let i = 0; i < 2_500; i++) {
      const query = parseQueryOptions({ $filter: `name eq 'g${i}'` }, { dollarOptional: false })
      seen.set(queryFingerprint(query), `g${i}`)
    }
    assert.equal(seen.size, 2_500)
    assert.equal(queryFingerprint(options), fingerprint)
    for (const [print, name] of [...seen].slice(0, 10)) {
      const again = parseQueryOptions({ $filter: `name eq '${name}'` }, { dollarOptional: false })
      assert.equal(queryFingerprint(again), print)
    }
  })
})
