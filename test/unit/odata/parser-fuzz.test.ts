import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { GraphError } from '../../../src/errors/graph-error.js'
import { parseFilter } from '../../../src/odata/filter-parser.js'
import { parseQueryOptions } from '../../../src/odata/query-options.js'
import { parseSearch } from '../../../src/odata/search-parser.js'

/** Parsing either succeeds or throws a Graph 400; anything else (TypeError, RangeError) fails. */
function onlyBadRequest(parse: () => unknown): void {
  try {
    parse()
  } catch (err) {
    assert.ok(err instanceof GraphError, `threw ${String(err)}`)
    assert.equal(err.status, 400)
  }
}

const FRAGMENTS = [
  'name',
  'region',
  'c',
  'groupTypes',
  '/',
  'any',
  'all',
  '(',
  ')',
  ',',
  ':',
  ' ',
  'eq',
  'ne',
  'gt',
  'le',
  'and',
  'or',
  'not',
  'in',
  'true',
  'false',
  'null',
  "'x'",
  "''",
  "'",
  '-1',
  '2.5e3',
  '1e999',
  'startswith',
  'endsWith',
  'contains',
  '6e4a2c0d-1f3b-4a5c-9d8e-7f6a5b4c3d2e',
  '2024-01-01T00:00:00Z',
  '"',
  '%',
  '_',
  '\\',
  '\u0000',
  '😀',
  'constructor',
  '__proto__',
]
const grammarBiased = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 })
  .map((parts) => parts.join(''))
const spaced = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 })
  .map((parts) => parts.join(' '))

test('random and grammar-biased $filter text never crashes the parser', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary' }), grammarBiased, spaced), (text) => {
      onlyBadRequest(() => parseFilter(text))
    }),
    { numRuns: 12_000 },
  )
})

test('random $search text never crashes the parser', () => {
  const searchFragments = fc.constantFrom(
    '"',
    '"displayName:a"',
    'AND',
    'OR',
    '(',
    ')',
    ' ',
    '\\',
    'x',
    ':',
  )
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.array(searchFragments, { maxLength: 20 }).map((p) => p.join('')),
      ),
      (text) => onlyBadRequest(() => parseSearch(text)),
    ),
    { numRuns: 3_000 },
  )
})

test('random query strings never crash parseQueryOptions', () => {
  const key = fc.constantFrom(
    '$filter',
    '$select',
    '$orderby',
    '$top',
    '$skip',
    '$count',
    '$expand',
    '$search',
    '$skiptoken',
    'filter',
    '$FOO',
    'custom',
  )
  const value = fc.oneof(
    fc.string(),
    grammarBiased,
    fc.constantFrom('members($select=id,name)', 'name desc,id', '10', 'true'),
  )
  fc.assert(
    fc.property(
      fc.dictionary(key, fc.oneof(value, fc.array(value, { maxLength: 2 }))),
      fc.boolean(),
      (raw, dollarOptional) => {
        onlyBadRequest(() => parseQueryOptions(raw, { dollarOptional }))
      },
    ),
    { numRuns: 3_000 },
  )
})
