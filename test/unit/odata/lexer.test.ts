import assert from 'node:assert/strict'
import { test } from 'node:test'
import { GraphError } from '../../../src/errors/graph-error.js'
import { tokenize } from '../../../src/odata/lexer.js'

const kinds = (input: string) => tokenize(input).map((t) => `${t.kind}:${t.text}@${t.position}`)

test('tokens carry kind, text and position', () => {
  assert.deepEqual(kinds("name eq 'a''b'"), [
    'identifier:name@0',
    'identifier:eq@5',
    "string:'a''b'@8",
    'eof:@14',
  ])
})

test("a string token's value has the '' escape undone", () => {
  assert.equal(tokenize("'it''s'")[0]?.value, "it's")
})

test('GUIDs and DateTimeOffsets win over numbers and identifiers', () => {
  assert.deepEqual(
    kinds('12345678-aaaa-bbbb-cccc-1234567890ab deadbeef-aaaa-bbbb-cccc-1234567890ab'),
    [
      'guid:12345678-aaaa-bbbb-cccc-1234567890ab@0',
      'guid:deadbeef-aaaa-bbbb-cccc-1234567890ab@37',
      'eof:@73',
    ],
  )
  assert.deepEqual(kinds('2024-05-01T12:00:00Z 2024-05-01T12:00-07:00'), [
    'dateTimeOffset:2024-05-01T12:00:00Z@0',
    'dateTimeOffset:2024-05-01T12:00-07:00@21',
    'eof:@43',
  ])
})

test('numbers: sign, fraction, exponent', () => {
  const values = tokenize('-1 2.5 3e2 4E-1').map((t) => t.value)
  assert.deepEqual(values, [-1, 2.5, 300, 0.4, undefined])
})

test('punctuation', () => {
  assert.deepEqual(
    tokenize('a/any(c:c)').map((t) => t.kind),
    [
      'identifier',
      'slash',
      'identifier',
      'openParen',
      'identifier',
      'colon',
      'identifier',
      'closeParen',
      'eof',
    ],
  )
})

test('an invalid character is a 400 naming its position', () => {
  assert.throws(
    () => tokenize('a eq #'),
    (err: unknown) =>
      err instanceof GraphError && err.status === 400 && /position 5/.test(err.message),
  )
})
