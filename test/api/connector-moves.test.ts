// Moving connectors between groups (spec §3.2–3.3, §8.1, seeds 001 and 003): both `$ref`
// spellings, the Prefer form, the @odata.id forms of spec §5.2 and the errors of §5.3.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
const GRAPH = 'https://graph.microsoft.com'

for (const backend of BACKENDS)
  describe(`connector moves [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    const newGroup = async (name = 'Group') =>
      (await server.call('POST', `${P}/connectorGroups`, { name })).body.id as string
    const memberIds = async (groupId: string) =>
      (
        (await server.call('GET', `${P}/connectorGroups/${groupId}/members`)).body.value as Array<{
          id: string
        }>
      ).map((c) => c.id)
    const memberOfIds = async (connectorId: string) =>
      (
        (await server.call('GET', `${P}/connectors/${connectorId}/memberOf`)).body.value as Array<{
          id: string
        }>
      ).map((g) => g.id)
    const defaultGroupId = async () =>
      (
        (await server.call('GET', `${P}/connectorGroups`)).body.value as Array<{
          id: string
          isDefault: boolean
        }>
      ).find((g) => g.isDefault)?.id as string

    test('a registered connector is in the default group, seen from both sides', async () => {
      const connector = await server.registerConnector()
      const defaultId = await defaultGroupId()
      assert.deepEqual(await memberOfIds(connector.id), [defaultId])
      assert.ok((await memberIds(defaultId)).includes(connector.id))
    })

    test('POST connectors/{id}/memberOf/$ref moves the connector and answers 204 (seed 001)', async () => {
      const connector = await server.registerConnector()
      const target = await newGroup()
      const response = await server.call('POST', `${P}/connectors/${connector.id}/memberOf/$ref`, {
        '@odata.id': `${GRAPH}/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${target}`,
      })
      assert.equal(response.status, 204)
      assert.equal(response.text, '')
      assert.deepEqual(await memberOfIds(connector.id), [target])
      assert.deepEqual(await memberIds(target), [connector.id])
      assert.ok(!(await memberIds(await defaultGroupId())).includes(connector.id))
    })

    test('POST connectorGroups/{id}/members/$ref moves the connector and answers 204', async () => {
      const connector = await server.registerConnector()
      const first = await newGroup('first')
      const second = await newGroup('second')
      for (const target of [first, second]) {
        const response = await server.call('POST', `${P}/connectorGroups/${target}/members/$ref`, {
          '@odata.id': `${GRAPH}/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${connector.id}`,
        })
        assert.equal(response.status, 204)
      }
      assert.deepEqual(await memberIds(first), [])
      assert.deepEqual(await memberIds(second), [connector.id])
      assert.deepEqual(await memberOfIds(connector.id), [second])
    })

    test('with Prefer: return=representation the $ref POSTs answer 201 with the linked entity', async () => {
      const connector = await server.registerConnector('rep.contoso.com')
      const target = await newGroup('Rep target')
      const viaConnector = await server.call(
        'POST',
        `${P}/connectors/${connector.id}/memberOf/$ref`,
        {
          '@odata.id': `${GRAPH}/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${target}`,
        },
        { prefer: 'return=representation' },
      )
      assert.equal(viaConnector.status, 201)
      assert.equal(viaConnector.body.id, target)
      assert.equal(viaConnector.body.name, 'Rep target')
      assert.match(viaConnector.body['@odata.context'], /connectorGroups\/\$entity$/)

      const back = await defaultGroupId()
      const viaGroup = await server.call(
        'POST',
        `${P}/connectorGroups/${back}/members/$ref`,
        {
          '@odata.id': `${GRAPH}/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${connector.id}`,
        },
        { prefer: 'return=representation' },
      )
      assert.equal(viaGroup.status, 201)
      assert.deepEqual(
        Object.keys(viaGroup.body).sort(),
        ['@odata.context', 'externalIp', 'id', 'machineName', 'status', 'version'].sort(),
      )
      assert.equal(viaGroup.body.machineName, 'rep.contoso.com')
    })

    test('re-adding a connector to its own group is a 204 no-op', async () => {
      const connector = await server.registerConnector()
      const target = await newGroup()
      const body = {
        '@odata.id': `${GRAPH}/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${connector.id}`,
      }
      assert.equal(
        (await server.call('POST', `${P}/connectorGroups/${target}/members/$ref`, body)).status,
        204,
      )
      assert.equal(
        (await server.call('POST', `${P}/connectorGroups/${target}/members/$ref`, body)).status,
        204,
      )
      assert.deepEqual(await memberIds(target), [connector.id])
    })

    test('seed 003: the root alias /beta/connectorGroups and every @odata.id form of spec §5.2 work', async () => {
      const connector = await server.registerConnector()
      const forms = [
        (id: string) =>
          `${GRAPH}/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${id}`,
        (id: string) =>
          `${GRAPH}/v1.0/onPremisesPublishingProfiles/applicationProxy/connectors/${id}`,
        (id: string) => `${GRAPH}/onPremisesPublishingProfiles/applicationproxy/connectors/${id}`,
        (id: string) => `${GRAPH}/beta/connectors/${id}`,
        (id: string) =>
          `${GRAPH}/beta/onPremisesPublishingProfiles('applicationProxy')/connectors('${id}')`,
        (id: string) =>
          `${server.baseUrl}/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${id}`,
        (id: string) => `onPremisesPublishingProfiles/applicationProxy/connectors/${id}`,
        (id: string) => `/beta/connectors/${id}`,
      ]
      for (const form of forms) {
        const target = await newGroup()
        const response = await server.call('POST', `/beta/connectorGroups/${target}/members/$ref`, {
          '@odata.id': form(connector.id),
        })
        assert.equal(response.status, 204, form(connector.id))
        assert.deepEqual(await memberOfIds(connector.id), [target])
      }
    })

    test('GET members/$ref and memberOf/$ref return reference collections', async () => {
      const connector = await server.registerConnector()
      const target = await newGroup()
      await server.call('POST', `${P}/connectorGroups/${target}/members/$ref`, {
        '@odata.id': `/beta/connectors/${connector.id}`,
      })
      const members = await server.call('GET', `${P}/connectorGroups/${target}/members/$ref`)
      assert.equal(members.status, 200)
      assert.deepEqual(members.body, {
        '@odata.context': `${server.baseUrl}/beta/$metadata#Collection($ref)`,
        value: [{ '@odata.id': `${server.baseUrl}${P}/connectors/${connector.id}` }],
      })
      const memberOf = await server.call('GET', `${P}/connectors/${connector.id}/memberOf/$ref`)
      assert.deepEqual(memberOf.body.value, [
        { '@odata.id': `${server.baseUrl}${P}/connectorGroups/${target}` },
      ])
    })

    test('GET connectors/{id}/memberOf has its context and the one group', async () => {
      const connector = await server.registerConnector()
      const response = await server.call('GET', `${P}/connectors/${connector.id}/memberOf`)
      assert.equal(
        response.body['@odata.context'],
        `${server.baseUrl}/beta/$metadata#onPremisesPublishingProfiles('applicationProxy')/connectors('${connector.id}')/memberOf`,
      )
      assert.equal(response.body.value.length, 1)
    })

    test('DELETE connectorGroups/{id}/members/{cid}/$ref answers 400 and the connector stays', async () => {
      const connector = await server.registerConnector()
      const target = await newGroup()
      await server.call('POST', `${P}/connectorGroups/${target}/members/$ref`, {
        '@odata.id': `/beta/connectors/${connector.id}`,
      })
      const response = await server.call(
        'DELETE',
        `${P}/connectorGroups/${target}/members/${connector.id}/$ref`,
      )
      assert.equal(response.status, 400)
      assert.equal(response.body.error.code, 'Request_BadRequest')
      assert.deepEqual(await memberIds(target), [connector.id])
    })

    const refErrors: Array<[string, (c: string, g: string) => [string, unknown], number, string]> =
      [
        [
          'an @odata.id that is not a URL',
          (_c, g) => [`${P}/connectorGroups/${g}/members/$ref`, { '@odata.id': 'http://' }],
          400,
          'BadRequest',
        ],
        [
          'an @odata.id of another host',
          (c, g) => [
            `${P}/connectorGroups/${g}/members/$ref`,
            { '@odata.id': `https://example.com/beta/connectors/${c}` },
          ],
          400,
          'BadRequest',
        ],
        [
          "seed 003's singular /connector/{id}",
          (c, g) => [
            `${P}/connectorGroups/${g}/members/$ref`,
            { '@odata.id': `${GRAPH}/beta/connector/${c}` },
          ],
          400,
          'BadRequest',
        ],
        [
          'a body without @odata.id',
          (_c, g) => [`${P}/connectorGroups/${g}/members/$ref`, { name: 'x' }],
          400,
          'Request_BadRequest',
        ],
        [
          'a group where a connector is expected',
          (_c, g) => [
            `${P}/connectorGroups/${g}/members/$ref`,
            { '@odata.id': `/beta/connectorGroups/${g}` },
          ],
          400,
          'Request_BadRequest',
        ],
        [
          'a connector that does not exist',
          (_c, g) => [
            `${P}/connectorGroups/${g}/members/$ref`,
            { '@odata.id': '/beta/connectors/00000000-0000-0000-0000-00000000000c' },
          ],
          404,
          'Request_ResourceNotFound',
        ],
        [
          'a group that does not exist',
          (c) => [
            `${P}/connectorGroups/00000000-0000-0000-0000-00000000000a/members/$ref`,
            { '@odata.id': `/beta/connectors/${c}` },
          ],
          404,
          'Request_ResourceNotFound',
        ],
        [
          'a malformed connector key',
          (_c, g) => [
            `${P}/connectorGroups/${g}/members/$ref`,
            { '@odata.id': '/beta/connectors/xyz' },
          ],
          400,
          'Request_BadRequest',
        ],
        [
          'a malformed group key in the path',
          (c) => [
            `${P}/connectors/${c}/memberOf/$ref`,
            { '@odata.id': '/beta/connectorGroups/xyz' },
          ],
          400,
          'Request_BadRequest',
        ],
        [
          'POST members without $ref',
          (c, g) => [`${P}/connectorGroups/${g}/members`, { '@odata.id': `/beta/connectors/${c}` }],
          400,
          'BadRequest',
        ],
        [
          'POST memberOf without $ref',
          (c, g) => [
            `${P}/connectors/${c}/memberOf`,
            { '@odata.id': `/beta/connectorGroups/${g}` },
          ],
          400,
          'BadRequest',
        ],
      ]
    for (const [name, build, status, code] of refErrors) {
      test(`a move with ${name} answers ${status} ${code} and moves nothing`, async () => {
        const connector = await server.registerConnector()
        const target = await newGroup()
        const before = await memberOfIds(connector.id)
        const [path, body] = build(connector.id, target)
        const response = await server.call('POST', path, body)
        assert.equal(response.status, status, response.text)
        assert.equal(response.body.error.code, code)
        assert.deepEqual(await memberOfIds(connector.id), before)
        assert.deepEqual(await memberIds(target), [])
      })
    }

    test('a move names what is missing: the group first, then the connector', async () => {
      const connector = await server.registerConnector()
      const group = await newGroup()
      const missingGroup = '00000000-0000-0000-0000-0000000000aa'
      const missingConnector = '00000000-0000-0000-0000-0000000000cc'
      const cases: Array<[string, string, string]> = [
        [missingGroup, missingConnector, missingGroup],
        [group, missingConnector, missingConnector],
        [missingGroup, connector.id, missingGroup],
      ]
      for (const [groupId, connectorId, named] of cases) {
        for (const [path, reference] of [
          [`${P}/connectorGroups/${groupId}/members/$ref`, `/beta/connectors/${connectorId}`],
          [`${P}/connectors/${connectorId}/memberOf/$ref`, `/beta/connectorGroups/${groupId}`],
        ] as const) {
          const response = await server.call('POST', path, { '@odata.id': reference })
          assert.equal(response.status, 404, response.text)
          assert.match(response.body.error.message, new RegExp(`'${named}'`), path)
        }
      }
      assert.deepEqual(await memberIds(group), [])
    })

    test('50 parallel moves of one connector leave it in exactly one group', async () => {
      const connector = await server.registerConnector()
      const targets = [await newGroup('a'), await newGroup('b'), await newGroup('c')]
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          server.call('POST', `${P}/connectors/${connector.id}/memberOf/$ref`, {
            '@odata.id': `/beta/connectorGroups/${targets[i % targets.length]}`,
          }),
        ),
      )
      assert.deepEqual(new Set(responses.map((r) => r.status)), new Set([204]))
      const memberOf = await memberOfIds(connector.id)
      assert.equal(memberOf.length, 1)
      const holding = []
      for (const target of targets)
        if ((await memberIds(target)).includes(connector.id)) holding.push(target)
      assert.deepEqual(holding, memberOf)
    })
  })
