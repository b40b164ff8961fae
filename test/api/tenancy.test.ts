// Tenants are sealed off (issue #3 §6): the token's tid picks the tenant, and every read and write
// of another tenant's objects answers 404, as Graph does for objects that are not there, even when
// both tenants hold objects of the same names.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'

interface Side {
  tenantId: string
  auth: Record<string, string>
  groupId: string
  connectorId: string
}

for (const backend of BACKENDS)
  describe(`tenancy [${backend}]`, () => {
    let server: TestServer
    let a: Side
    let b: Side

    const setUp = async (tenantId: string): Promise<Side> => {
      const auth = { authorization: `Bearer ${await server.tokenFor({ tenantId })}` }
      const groupId = (
        await server.call('POST', `${P}/connectorGroups`, { name: 'Berlin', region: 'eur' }, auth)
      ).body.id
      const registered = await server.call(
        'POST',
        '/_admin/connectors',
        { tenantId, machineName: 'conn1.contoso.com', externalIp: '203.0.113.9' },
        { 'x-admin-key': server.adminKey },
      )
      return { tenantId, auth, groupId, connectorId: registered.body.id }
    }

    before(async () => {
      server = await startTestServer({ backend })
      a = await setUp(server.tenantId)
      b = await setUp(await server.createTenant())
    })
    after(() => server.close())

    const snapshot = async (side: Side) => ({
      groups: (await server.call('GET', `${P}/connectorGroups?$orderby=id`, undefined, side.auth))
        .body.value,
      connectors: (
        await server.call(
          'GET',
          `${P}/connectors?$orderby=id&$expand=memberOf`,
          undefined,
          side.auth,
        )
      ).body.value,
    })

    test('each tenant lists only its own objects, with the same names', async () => {
      const [seenByA, seenByB] = [await snapshot(a), await snapshot(b)]
      assert.deepEqual(seenByA.groups.map((g: { name: string }) => g.name).sort(), [
        'Berlin',
        'Default',
      ])
      assert.deepEqual(seenByB.groups.map((g: { name: string }) => g.name).sort(), [
        'Berlin',
        'Default',
      ])
      assert.ok(!seenByB.groups.some((g: { id: string }) => g.id === a.groupId))
      assert.deepEqual(
        seenByB.connectors.map((c: { id: string }) => c.id),
        [b.connectorId],
      )
    })

    test("every read and write of another tenant's objects answers 404 and changes nothing", async () => {
      const before = [await snapshot(a), await snapshot(b)]
      const groupRef = (side: Side) => ({
        '@odata.id': `${server.baseUrl}${P}/connectorGroups/${side.groupId}`,
      })
      const connectorRef = (side: Side) => ({
        '@odata.id': `${server.baseUrl}${P}/connectors/${side.connectorId}`,
      })
      const requests: Array<[string, string, unknown?]> = [
        ['GET', `${P}/connectorGroups/${a.groupId}`],
        ['PATCH', `${P}/connectorGroups/${a.groupId}`, { name: 'Taken' }],
        ['DELETE', `${P}/connectorGroups/${a.groupId}`],
        ['GET', `${P}/connectorGroups/${a.groupId}/members`],
        ['GET', `${P}/connectorGroups/${a.groupId}/members/$ref`],
        ['GET', `${P}/connectorGroups/${a.groupId}/applications`],
        ['GET', `${P}/connectors/${a.connectorId}`],
        ['GET', `${P}/connectors/${a.connectorId}/memberOf`],
        // A's connector into B's group, B's connector into A's group, both ways round.
        ['POST', `${P}/connectors/${a.connectorId}/memberOf/$ref`, groupRef(b)],
        ['POST', `${P}/connectors/${b.connectorId}/memberOf/$ref`, groupRef(a)],
        ['POST', `${P}/connectorGroups/${a.groupId}/members/$ref`, connectorRef(b)],
        ['POST', `${P}/connectorGroups/${b.groupId}/members/$ref`, connectorRef(a)],
        ['DELETE', `${P}/connectorGroups/${a.groupId}/members/${a.connectorId}/$ref`],
      ]
      for (const [method, path, body] of requests) {
        const response = await server.call(method, path, body, b.auth)
        assert.equal(response.status, 404, `${method} ${path}`)
        assert.equal(response.body.error.code, 'Request_ResourceNotFound')
      }
      assert.deepEqual([await snapshot(a), await snapshot(b)], before)
    })

    test("a token's tenant is the one its tid names, whatever else it carries", async () => {
      const response = await server.call(
        'GET',
        `${P}/connectorGroups/${b.groupId}`,
        undefined,
        b.auth,
      )
      assert.equal(response.status, 200)
      assert.equal(
        (await server.call('GET', `${P}/connectorGroups/${b.groupId}`, undefined, a.auth)).status,
        404,
      )
    })
  })
