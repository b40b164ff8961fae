import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GraphError } from '../../../src/errors/graph-error.js'
import { printSearch, toSExpr } from '../../../src/odata/print.js'
import { parseQueryOptions } from '../../../src/odata/query-options.js'

const beta = { dollarOptional: true }
const v1 = { dollarOptional: false }

function rejects(raw: Record<string, string | string[]>, message: RegExp, opts = v1) {
  assert.throws(
    () => parseQueryOptions(raw, opts),
    (err: unknown) =>
      err instanceof GraphError &&
      err.status === 400 &&
      err.code === 'BadRequest' &&
      message.test(err.message),
  )
}

describe('parseQueryOptions', () => {
  test('parses every supported option', () => {
    const q = parseQueryOptions(
      {
        $filter: "region eq 'eur'",
        $select: 'id, name',
        $orderby: 'name desc,id',
        $top: '5',
        $skip: '10',
        $skiptoken: 'abc',
        $count: 'true',
        $expand: 'members($select=id,machineName)',
        $search: '"displayName:Video" AND "description:x"',
      },
      v1,
    )
    assert.equal(q.filter && toSExpr(q.filter.expr), '(eq region "eur")')
    assert.deepEqual(q.select, ['id', 'name'])
    assert.deepEqual(q.orderby, [
      { path: ['name'], direction: 'desc' },
      { path: ['id'], direction: 'asc' },
    ])
    assert.deepEqual(q.top, { raw: '5', value: 5 })
    assert.equal(q.skip, 10)
    assert.equal(q.skiptoken, 'abc')
    assert.equal(q.count, true)
    assert.deepEqual(q.expand, [{ navigation: 'members', select: ['id', 'machineName'] }])
    assert.equal(q.search && printSearch(q.search.expr), '"displayName:Video" AND "description:x"')
  })

  test('absent options are undefined', () => {
    const q = parseQueryOptions({}, v1)
    assert.deepEqual(Object.values(q), Array(9).fill(undefined))
  })

  test('on beta the $ prefix is optional', () => {
    const q = parseQueryOptions({ filter: "name eq 'a'", top: '3' }, beta)
    assert.equal(q.filter?.text, "name eq 'a'")
    assert.equal(q.top?.value, 3)
  })

  test('on v1.0 a name without $ is a custom parameter and ignored', () => {
    const q = parseQueryOptions({ filter: 'not even valid', custom: 'x' }, v1)
    assert.equal(q.filter, undefined)
  })

  test('option names are case-insensitive', () => {
    assert.equal(parseQueryOptions({ $TOP: '7' }, v1).top?.value, 7)
  })

  test('unknown $ options are refused', () => {
    rejects({ $xyz: '1' }, /^Query option '\$xyz' is not allowed\./)
    rejects({ $format: 'json' }, /'\$format' is not allowed/)
  })

  test('duplicates are refused, also across spellings', () => {
    rejects({ $top: ['1', '2'] }, /'\$top' was specified more than once/)
    rejects({ $top: '1', top: '2' }, /more than once/, beta)
  })

  test('value errors', () => {
    rejects({ $top: 'abc' }, /^Invalid value 'abc' for \$top query option found/)
    rejects({ $top: '-1' }, /requires a non-negative integer/)
    // Past Int32 the value is not an integer Graph reads; past 2^53 not even one JavaScript does.
    rejects({ $skip: '2147483648' }, /^Invalid value '2147483648' for \$skip query option/)
    rejects({ $skip: '99999999999999999999' }, /requires a non-negative integer/)
    assert.equal(parseQueryOptions({ $skip: '2147483647' }, v1).skip, 2147483647)
    rejects({ $count: 'yes' }, /'yes' is not a valid count option/)
    rejects({ $select: 'id,,name' }, /^Syntax error at position 3 in 'id,,name'/)
    rejects({ $orderby: 'name up' }, /^Syntax error at position 0/)
    rejects({ $filter: '' }, /needs a value/)
    rejects({ $expand: 'members($top=1)' }, /'\$top' is not allowed/)
    rejects({ $search: 'Video' }, /^Syntax error at position 0/)
  })

  test('$top=0 and $top=1000 parse; limits.ts rejects them', () => {
    assert.deepEqual(parseQueryOptions({ $top: '1000' }, v1).top, { raw: '1000', value: 1000 })
  })
})
