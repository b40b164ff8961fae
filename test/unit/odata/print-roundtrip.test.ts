import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { parseFilter } from '../../../src/odata/filter-parser.js'
import { printFilter, printSearch, toSExpr } from '../../../src/odata/print.js'
import { parseSearch } from '../../../src/odata/search-parser.js'
import type {
  FilterExpr,
  Literal,
  Operand,
  PropertyPath,
  SearchExpr,
} from '../../../src/odata/syntax.js'

const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'true',
  'false',
  'null',
  'any',
  'all',
])
const identifier = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/)
  .filter((s) => !KEYWORDS.has(s) && !/^[0-9a-fA-F]{8}$/.test(s))

const literal: fc.Arbitrary<Literal> = fc.oneof(
  fc
    .string({ unit: 'binary' })
    .map((value) => ({ kind: 'literal', type: 'string', value }) as const),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((n) => !Object.is(n, -0))
    .map((value) => ({ kind: 'literal', type: 'number', value }) as const),
  fc.integer().map((value) => ({ kind: 'literal', type: 'number', value }) as const),
  fc.boolean().map((value) => ({ kind: 'literal', type: 'boolean', value }) as const),
  fc.constant({ kind: 'literal', type: 'null', value: null } as const),
  fc.uuid().map((value) => ({ kind: 'literal', type: 'guid', value }) as const),
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
    .map((d) => ({ kind: 'literal', type: 'dateTimeOffset', value: d.toISOString() }) as const),
)

const path: fc.Arbitrary<PropertyPath> = fc
  .array(identifier, { minLength: 1, maxLength: 3 })
  .map((segments) => ({ kind: 'property', path: segments }))

/** Variables are drawn from names no generated property uses, so scoping cannot collide. */
function filterArb(variables: readonly string[]): fc.Arbitrary<FilterExpr> {
  const subject: fc.Arbitrary<Operand> =
    variables.length === 0
      ? path
      : fc.oneof(
          path,
          fc
            .constantFrom(...variables)
            .map((name) => ({ kind: 'variable', name, path: [] }) as const),
        )
  return fc.letrec<{ filter: FilterExpr }>((tie) => ({
    filter: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({
        kind: fc.constant('compare' as const),
        op: fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le' as const),
        left: fc.oneof(subject, literal),
        right: fc.oneof(subject, literal),
      }),
      fc.record({
        kind: fc.constant('in' as const),
        left: subject,
        list: fc.array(literal, { minLength: 1, maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constant('call' as const),
        name: fc.constantFrom('startswith', 'endswith', 'contains' as const),
        args: fc.tuple(subject, literal),
      }),
      fc.record({
        kind: fc.constant('logical' as const),
        op: fc.constantFrom('and', 'or' as const),
        left: tie('filter'),
        right: tie('filter'),
      }),
      fc.record({ kind: fc.constant('not' as const), operand: tie('filter') }),
      fc.record({
        kind: fc.constant('lambda' as const),
        op: fc.constantFrom('any', 'all' as const),
        collection: path,
        variable: fc.constant('lv' + variables.length),
        predicate: fc.constant(null),
      }),
    ),
  })).filter
}

const withLambdas: fc.Arbitrary<FilterExpr> = fc.oneof(
  filterArb([]),
  fc
    .tuple(path, fc.constantFrom('any', 'all' as const), filterArb(['lv0']))
    .map(
      ([collection, op, predicate]) =>
        ({ kind: 'lambda', op, collection, variable: 'lv0', predicate }) as const,
    ),
)

// A lambda without predicate prints as `x/any()`; `all()` needs one, so give it a trivial one.
function normalise(node: FilterExpr): FilterExpr {
  switch (node.kind) {
    case 'logical':
      return { ...node, left: normalise(node.left), right: normalise(node.right) }
    case 'not':
      return { ...node, operand: normalise(node.operand) }
    case 'lambda':
      if (node.predicate === null) {
        return node.op === 'any'
          ? { ...node, variable: null }
          : {
              ...node,
              predicate: {
                kind: 'call',
                name: 'contains',
                args: [
                  { kind: 'variable', name: node.variable ?? 'lv', path: [] },
                  { kind: 'literal', type: 'string', value: 'x' },
                ],
              },
            }
      }
      return { ...node, predicate: normalise(node.predicate) }
    default:
      return node
  }
}

test('print → parse gives back the same tree', () => {
  fc.assert(
    fc.property(withLambdas.map(normalise), (tree) => {
      const text = printFilter(tree)
      // fc.record builds null-prototype objects; structuredClone gives plain ones like the parser.
      assert.deepEqual(parseFilter(text), structuredClone(tree), `${text}\n${toSExpr(tree)}`)
    }),
    { numRuns: 2000 },
  )
})

test('search trees: print → parse gives back the same tree', () => {
  const term = fc.record({
    kind: fc.constant('term' as const),
    property: identifier,
    value: fc.string(),
  })
  const search = fc.letrec<{ node: SearchExpr }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      term,
      fc.record({
        kind: fc.constantFrom('and', 'or' as const),
        left: tie('node'),
        right: tie('node'),
      }),
    ),
  })).node
  fc.assert(
    fc.property(search, (tree) => {
      assert.deepEqual(parseSearch(printSearch(tree)), structuredClone(tree))
    }),
    { numRuns: 1000 },
  )
})
