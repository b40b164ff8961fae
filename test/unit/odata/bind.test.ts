import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GraphError } from '../../../src/errors/graph-error.js'
import { application, connector, connectorGroup } from '../../../src/model/entities.js'
import type { EntityTypeDef } from '../../../src/model/types.js'
import { bindQuery } from '../../../src/odata/bind.js'
import { parseQueryOptions } from '../../../src/odata/query-options.js'

function bind(raw: Record<string, string>, entity: EntityTypeDef = connectorGroup) {
  return bindQuery(parseQueryOptions(raw, { dollarOptional: true }), entity)
}

function rejects(
  raw: Record<string, string>,
  code: string,
  message: RegExp,
  entity?: EntityTypeDef,
) {
  assert.throws(
    () => bind(raw, entity),
    (err: unknown) =>
      err instanceof GraphError &&
      err.status === 400 &&
      err.code === code &&
      message.test(err.message),
  )
}

describe('bindQuery', () => {
  test('resolves properties and normalises the subject to the left', () => {
    const q = bind({ $filter: "'EUR' eq region" })
    assert.equal(q.filter?.kind, 'compare')
    if (q.filter?.kind !== 'compare') return
    assert.equal(q.filter.target.kind === 'property' && q.filter.target.property.name, 'region')
    assert.deepEqual(q.filter.value, { kind: 'literal', type: 'string', value: 'eur' })
  })

  test('flips ordering operators with their sides', () => {
    const q = bind({ $filter: "'m' lt name" })
    assert.equal(q.filter?.kind === 'compare' && q.filter.op, 'gt')
  })

  test('select, orderby, expand and search bind against the model', () => {
    const q = bind({
      $select: 'id,name',
      $orderby: 'name desc',
      $expand: 'members($select=machineName)',
      $search: '"name:eu"',
      $count: 'true',
    })
    assert.deepEqual(
      q.select?.map((p) => p.name),
      ['id', 'name'],
    )
    assert.deepEqual(
      q.orderBy.map((k) => [k.property.name, k.direction]),
      [['name', 'desc']],
    )
    assert.equal(q.expand[0]?.target, connector)
    assert.deepEqual(q.expand[0]?.select, ['machineName'])
    assert.equal(q.search?.kind, 'term')
    assert.equal(q.count, true)
  })

  test('unknown properties use ODL wording', () => {
    const notFound =
      /^Could not find a property named 'colour' on type 'microsoft.graph.connectorGroup'\.$/
    rejects({ $filter: "colour eq 'x'" }, 'BadRequest', notFound)
    rejects({ $orderby: 'colour' }, 'BadRequest', notFound)
    rejects({ $select: 'colour' }, 'BadRequest', notFound)
    rejects({ $select: 'constructor' }, 'BadRequest', /named 'constructor'/)
    rejects(
      { $filter: "onPremisesPublishing/colour eq 'x'" },
      'BadRequest',
      /named 'colour' on type 'microsoft.graph.onPremisesPublishing'/,
      application,
    )
  })

  test('capabilities: not filterable → E12, not sortable → names the property', () => {
    rejects(
      { $filter: "onPremisesPublishing/externalUrl eq 'x'" },
      'Request_UnsupportedQuery',
      /not indexed/,
      application,
    )
    rejects({ $orderby: 'description' }, 'Request_UnsupportedQuery', /'description'/, application)
  })

  test('literal types are checked', () => {
    rejects(
      { $filter: "isDefault eq 'x'" },
      'BadRequest',
      /'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'/,
    )
    rejects({ $filter: 'name eq 1' }, 'BadRequest', /incompatible types/)
    rejects(
      { $filter: "region eq 'mars'" },
      'BadRequest',
      /'mars' is not a valid enumeration type constant/,
    )
    rejects({ $filter: "region gt 'eur'" }, 'BadRequest', /GreaterThan/)
    rejects({ $filter: 'name gt null' }, 'BadRequest', /incompatible types/)
    rejects(
      { $filter: 'createdDateTime gt 2024-13-45T00:00:00Z' },
      'BadRequest',
      /not a valid date/,
      application,
    )
    assert.ok(bind({ $filter: 'createdDateTime gt 2024-01-01T00:00:00Z' }, application).filter)
    assert.ok(bind({ $filter: 'region eq null' }).filter)
  })

  test('functions need a string property; lambdas need a collection', () => {
    rejects({ $filter: "startswith(isDefault,'t')" }, 'BadRequest', /string property/)
    rejects({ $filter: "startswith('a',name)" }, 'BadRequest', /string property/)
    rejects({ $filter: "name/any(c:c eq 'x')" }, 'BadRequest', /collection property/)
  })

  test('other shapes', () => {
    rejects({ $filter: 'version eq machineName' }, 'BadRequest', /two properties/, connector)
    rejects({ $filter: '1 eq 1' }, 'BadRequest', /property on one side/)
    rejects({ $select: 'members' }, 'BadRequest', /navigation property 'members'/)
    rejects({ $search: '"video"' }, 'BadRequest', /must name a property/)
    rejects({ $search: '"isDefault:x"' }, 'BadRequest', /only string properties/)
  })

  test('$expand only of navigations the type has (E16)', () => {
    rejects(
      { $expand: 'photo' },
      'ExpandNotSupported',
      /^Expand is not allowed for property 'photo'/,
    )
    rejects(
      { $expand: 'members($select=colour)' },
      'BadRequest',
      /type 'microsoft.graph.connector'/,
    )
  })
})
