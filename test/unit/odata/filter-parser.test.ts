import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GraphError } from '../../../src/errors/graph-error.js'
import { MAX_FILTER_DEPTH, parseFilter } from '../../../src/odata/filter-parser.js'
import { toSExpr } from '../../../src/odata/print.js'

const GUID = '6e4a2c0d-1f3b-4a5c-9d8e-7f6a5b4c3d2e'

const CASES: readonly { name: string; input: string; expected: string }[] = [
  { name: 'eq on a string', input: "region eq 'eur'", expected: '(eq region "eur")' },
  { name: 'escaped quote', input: "name eq 'O''Brien'", expected: '(eq name "O\'Brien")' },
  { name: 'empty string', input: "name eq ''", expected: '(eq name "")' },
  {
    name: 'every comparison',
    input: 'a ne 1 and b gt 2 and c ge 3 and d lt 4 and e le 5',
    expected: '(and (and (and (and (ne a 1) (gt b 2)) (ge c 3)) (lt d 4)) (le e 5))',
  },
  {
    name: 'and binds tighter than or',
    input: 'a eq 1 or b eq 2 and c eq 3',
    expected: '(or (eq a 1) (and (eq b 2) (eq c 3)))',
  },
  {
    name: 'parentheses override',
    input: '(a eq 1 or b eq 2) and c eq 3',
    expected: '(and (or (eq a 1) (eq b 2)) (eq c 3))',
  },
  {
    name: 'or is left-associative',
    input: 'a eq 1 or b eq 2 or c eq 3',
    expected: '(or (or (eq a 1) (eq b 2)) (eq c 3))',
  },
  {
    name: 'not binds tighter than and',
    input: "not (isDefault eq true) and region eq 'eur'",
    expected: '(and (not (eq isDefault true)) (eq region "eur"))',
  },
  {
    name: 'style example',
    input: "region eq 'eur' and not(isDefault eq true)",
    expected: '(and (eq region "eur") (not (eq isDefault true)))',
  },
  {
    name: 'not of a function',
    input: "not startswith(name,'a')",
    expected: '(not (startswith name "a"))',
  },
  { name: 'double not', input: 'not not (a eq 1)', expected: '(not (not (eq a 1)))' },
  {
    name: 'booleans and null',
    input: 'a eq false or b eq null',
    expected: '(or (eq a false) (eq b null))',
  },
  {
    name: 'negative and decimal numbers',
    input: 'a gt -5 and b lt 2.5e3',
    expected: '(and (gt a -5) (lt b 2500))',
  },
  { name: 'guid literal', input: `id eq ${GUID}`, expected: `(eq id guid:${GUID})` },
  {
    name: 'guid starting with letters',
    input: 'id eq abcdef01-1f3b-4a5c-9d8e-7f6a5b4c3d2e',
    expected: '(eq id guid:abcdef01-1f3b-4a5c-9d8e-7f6a5b4c3d2e)',
  },
  {
    name: 'DateTimeOffset literal',
    input: 'createdDateTime ge 2024-01-31T10:00:00.5+01:00',
    expected: '(ge createdDateTime datetime:2024-01-31T10:00:00.5+01:00)',
  },
  { name: 'literal on the left', input: "'eur' eq region", expected: '(eq "eur" region)' },
  { name: 'in list', input: "region in ('eur', 'nam')", expected: '(in region "eur" "nam")' },
  {
    name: 'startsWith in camelCase',
    input: "startsWith(name,'50%_')",
    expected: '(startswith name "50%_")',
  },
  {
    name: 'endswith and contains',
    input: "endswith(name,'x') or contains(name,'y')",
    expected: '(or (endswith name "x") (contains name "y"))',
  },
  {
    name: 'property path',
    input: "onPremisesPublishing/externalUrl eq 'x'",
    expected: '(eq onPremisesPublishing/externalUrl "x")',
  },
  {
    name: 'any lambda',
    input: "groupTypes/any(c:c eq 'Unified')",
    expected: '(any groupTypes c (eq c "Unified"))',
  },
  {
    name: 'all lambda with function',
    input: "tags/all(t:startswith(t,'a'))",
    expected: '(all tags t (startswith t "a"))',
  },
  { name: 'any without predicate', input: 'groupTypes/any()', expected: '(any groupTypes)' },
  {
    name: 'lambda in a conjunction',
    input: "groupTypes/any(c:c eq 'Unified') and mailEnabled eq false",
    expected: '(and (any groupTypes c (eq c "Unified")) (eq mailEnabled false))',
  },
  {
    name: 'variable is only in scope inside',
    input: "tags/any(c:c eq 'x') and c eq 1",
    expected: '(and (any tags c (eq c "x")) (eq c 1))',
  },
  { name: 'whitespace is flexible', input: "  ( name  eq\t'a' )  ", expected: '(eq name "a")' },
  {
    name: 'injection-looking string stays a literal',
    input: "name eq 'x'' OR 1=1 --'",
    expected: '(eq name "x\' OR 1=1 --")',
  },
]

const ERRORS: readonly { name: string; input: string; position: number }[] = [
  { name: 'empty', input: '', position: 0 },
  { name: 'missing value', input: 'name eq', position: 7 },
  { name: 'upper-case keyword', input: "name EQ 'x'", position: 5 },
  { name: 'upper-case and', input: 'a eq 1 AND b eq 2', position: 7 },
  { name: 'unterminated string', input: "name eq 'abc", position: 8 },
  { name: 'bad character', input: 'name eq "x"', position: 8 },
  { name: 'unknown function', input: "substringof('a',name)", position: 0 },
  { name: 'wrong arity', input: 'startswith(name)', position: 0 },
  { name: 'unbalanced parenthesis', input: '(a eq 1', position: 7 },
  { name: 'trailing tokens', input: 'a eq 1 b', position: 7 },
  { name: 'not before a bare comparison', input: "not name eq 'x'", position: 4 },
  { name: 'non-literal in list', input: 'a in (b)', position: 6 },
  { name: 'number glued to a word', input: 'a eq 12abc', position: 5 },
  { name: 'keyword as operand', input: 'a eq and', position: 5 },
  { name: 'lambda without colon', input: 'tags/any(c)', position: 10 },
  { name: 'all needs a predicate', input: 'tags/all()', position: 9 },
  { name: 'number out of range', input: 'a eq 1e999', position: 5 },
]

describe('parseFilter', () => {
  for (const { name, input, expected } of CASES) {
    test(`${name}: ${input}`, () => assert.equal(toSExpr(parseFilter(input)), expected))
  }

  for (const { name, input, position } of ERRORS) {
    test(`rejects ${name} with a 400 naming position ${position}`, () => {
      assert.throws(
        () => parseFilter(input),
        (err: unknown) =>
          err instanceof GraphError &&
          err.status === 400 &&
          err.code === 'BadRequest' &&
          err.message.startsWith(`Syntax error at position ${position} in '${input}'`),
      )
    })
  }

  test('refuses nesting deeper than the limit with a 400, not a stack overflow', () => {
    const deep = '('.repeat(MAX_FILTER_DEPTH + 1) + 'a eq 1' + ')'.repeat(MAX_FILTER_DEPTH + 1)
    assert.throws(
      () => parseFilter(deep),
      (err: unknown) => err instanceof GraphError && err.status === 400,
    )
    const ok = '('.repeat(50) + 'a eq 1' + ')'.repeat(50)
    assert.equal(toSExpr(parseFilter(ok)), '(eq a 1)')
  })
})
