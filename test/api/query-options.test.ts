// Query options on App Proxy collections (issue #5, spec §7.2): data-driven rows of
// URL → expected names in order, or → expected error, run against the real server.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'

// name, region; the tenant's own "Default" (nam) group exists too.
const GROUPS: Array<[string, string | null]> = [
  ['alpha', 'eur'],
  ['Beta', 'nam'],
  ['gamma', 'eur'],
  ['g50%_x', 'asia'],
  ['delta', null],
  ["o'brien", 'aus'],
]

type Row = [name: string, query: string, expected: string[] | { status: number; code: string }]

const ROWS: Row[] = [
  ['eq on a string is case-insensitive', "$filter=name eq 'BETA'", ['Beta']],
  [
    'ne',
    "$filter=region ne 'eur'&$orderby=name",
    ['Beta', 'Default', 'delta', 'g50%_x', "o'brien"],
  ],
  ['startswith', "$filter=startswith(name,'g')&$orderby=name", ['g50%_x', 'gamma']],
  ['startswith escapes % and _', "$filter=startswith(name,'g50%_')", ['g50%_x']],
  ['startswith does not treat _ as a wildcard', "$filter=startswith(name,'g5_')", []],
  ['endswith', "$filter=endswith(name,'a')&$orderby=name", ['alpha', 'Beta', 'delta', 'gamma']],
  ['contains', "$filter=contains(name,'lph')", ['alpha']],
  ['in', "$filter=region in ('aus','asia')&$orderby=name", ['g50%_x', "o'brien"]],
  [
    'and binds tighter than or',
    "$filter=region eq 'aus' or region eq 'eur' and name eq 'alpha'&$orderby=name",
    ['alpha', "o'brien"],
  ],
  [
    'parentheses',
    "$filter=(region eq 'aus' or region eq 'eur') and startswith(name,'a')",
    ['alpha'],
  ],
  [
    'not',
    "$filter=not (region eq 'eur')&$orderby=name",
    ['Beta', 'Default', 'delta', 'g50%_x', "o'brien"],
  ],
  ['null', '$filter=region eq null', ['delta']],
  ['a quoted quote', "$filter=name eq 'o''brien'", ["o'brien"]],
  ['booleans', '$filter=isDefault eq true', ['Default']],
  [
    'orderby desc, then by name',
    '$filter=isDefault eq false&$orderby=region desc,name',
    ['delta', 'Beta', 'alpha', 'gamma', "o'brien", 'g50%_x'],
  ],
  [
    'filter and orderby together need no ConsistencyLevel here',
    "$filter=region eq 'eur'&$orderby=name desc",
    ['gamma', 'alpha'],
  ],
  ['$top', '$orderby=name&$top=2', ['alpha', 'Beta']],
  ['$skip', '$orderby=name&$top=2&$skip=2', ['Default', 'delta']],
  ['the $ prefix is optional on beta', "filter=name eq 'alpha'", ['alpha']],
  ['an injection-looking literal is only a value', "$filter=name eq 'x'' or 1=1 --'", []],
  ['unknown property', "$filter=colour eq 'red'", { status: 400, code: 'BadRequest' }],
  ['wrong literal type', "$filter=isDefault eq 'yes'", { status: 400, code: 'BadRequest' }],
  [
    'an enum value outside the enum',
    "$filter=region eq 'mars'",
    { status: 400, code: 'BadRequest' },
  ],
  ['syntax error', '$filter=name eq', { status: 400, code: 'BadRequest' }],
  ['unknown system option', '$frobnicate=1', { status: 400, code: 'BadRequest' }],
  ['repeated option', '$top=1&$top=2', { status: 400, code: 'BadRequest' }],
  ['$top 0', '$top=0', { status: 400, code: 'Request_UnsupportedQuery' }],
  ['$orderby of an unknown property', '$orderby=colour', { status: 400, code: 'BadRequest' }],
  [
    '$expand of a property that is not a navigation',
    '$expand=name',
    { status: 400, code: 'ExpandNotSupported' },
  ],
  ['a tampered $skiptoken', '$skiptoken=abc.def', { status: 400, code: 'BadRequest' }],
  // Was a 500: the number reached the database as a float.
  ['$skip past Int32', '$skip=99999999999999999999', { status: 400, code: 'BadRequest' }],
  ['$skip at the end of Int32', '$orderby=name&$skip=2147483647', []],
]

for (const backend of BACKENDS)
  describe(`query options on connectorGroups [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
      for (const [name, region] of GROUPS) {
        const created = await server.call('POST', `${P}/connectorGroups`, { name, region })
        assert.equal(created.status, 201)
        // A group created without region takes the tenant's; null needs an explicit PATCH.
        if (region === null)
          await server.call('PATCH', `${P}/connectorGroups/${created.body.id}`, { region: null })
      }
    })
    after(() => server.close())

    for (const [name, query, expected] of ROWS) {
      test(`${name}: ?${query}`, async () => {
        const response = await server.call('GET', `${P}/connectorGroups?${encodeURI(query)}`)
        if (Array.isArray(expected)) {
          assert.equal(response.status, 200, response.text)
          const names = (response.body.value as Array<{ name: string }>).map((g) => g.name)
          if (query.includes('orderby')) assert.deepEqual(names, expected)
          else assert.deepEqual([...names].sort(), [...expected].sort())
        } else {
          assert.equal(response.status, expected.status, response.text)
          assert.equal(response.body.error.code, expected.code)
        }
      })
    }

    test('$select shapes the body and the @odata.context', async () => {
      const response = await server.call(
        'GET',
        `${P}/connectorGroups?$select=id,name&$filter=name eq 'alpha'`,
      )
      assert.equal(
        response.body['@odata.context'],
        `${server.baseUrl}/beta/$metadata#onPremisesPublishingProfiles('applicationProxy')/connectorGroups(id,name)`,
      )
      assert.deepEqual(Object.keys(response.body.value[0]), ['id', 'name'])
      const one = await server.call(
        'GET',
        `${P}/connectorGroups/${response.body.value[0].id}?$select=region`,
      )
      assert.deepEqual(Object.keys(one.body), ['@odata.context', 'region'])
      assert.match(one.body['@odata.context'], /connectorGroups\(region\)\/\$entity$/)
    })

    test('$count=true adds @odata.count; /$count answers text/plain', async () => {
      const counted = await server.call(
        'GET',
        `${P}/connectorGroups?$count=true&$filter=region eq 'eur'`,
      )
      assert.equal(counted.body['@odata.count'], 2)
      assert.deepEqual(Object.keys(counted.body), ['@odata.context', '@odata.count', 'value'])
      const segment = await server.call(
        'GET',
        `${P}/connectorGroups/$count?$filter=region eq 'eur'`,
      )
      assert.equal(segment.status, 200)
      assert.equal(segment.text, '2')
      assert.match(segment.headers.get('content-type') ?? '', /^text\/plain/)
    })

    test('$expand=members lists each group’s connectors; connectors $expand=memberOf their group', async () => {
      const connector = await server.registerConnector()
      const alpha = (await server.call('GET', `${P}/connectorGroups?$filter=name eq 'alpha'`)).body
        .value[0]
      await server.call('POST', `${P}/connectorGroups/${alpha.id}/members/$ref`, {
        '@odata.id': `/beta/connectors/${connector.id}`,
      })
      const groups = await server.call(
        'GET',
        `${P}/connectorGroups?$expand=members&$filter=name eq 'alpha'`,
      )
      assert.deepEqual(
        groups.body.value[0].members.map((c: { id: string }) => c.id),
        [connector.id],
      )
      const one = await server.call('GET', `${P}/connectors/${connector.id}?$expand=memberOf`)
      assert.deepEqual(
        one.body.memberOf.map((g: { id: string }) => g.id),
        [alpha.id],
      )
      const members = await server.call(
        'GET',
        `${P}/connectorGroups/${alpha.id}/members?$filter=status eq 'active'&$select=machineName`,
      )
      assert.deepEqual(members.body.value, [
        {
          machineName: (await server.call('GET', `${P}/connectors/${connector.id}`)).body
            .machineName,
        },
      ])
      const memberCount = await server.call(
        'GET',
        `${P}/connectorGroups/${alpha.id}/members/$count`,
      )
      assert.equal(memberCount.text, '1')
    })
  })
