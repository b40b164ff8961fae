// Connector groups over HTTP (spec §3.3, issue #2): create, read, update, delete and their rules,
// with the state read back after every refused request.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'

for (const backend of BACKENDS)
  describe(`connector groups [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    const groups = async () =>
      (await server.call('GET', `${P}/connectorGroups`)).body.value as Array<
        Record<string, unknown>
      >
    const create = async (body: unknown) => server.call('POST', `${P}/connectorGroups`, body)

    test('each tenant has one default group named Default in its region', async () => {
      const defaults = (await groups()).filter((g) => g.isDefault === true)
      assert.equal(defaults.length, 1)
      assert.deepEqual(Object.keys(defaults[0] ?? {}), [
        'id',
        'name',
        'connectorGroupType',
        'isDefault',
        'region',
      ])
      assert.equal(defaults[0]?.name, 'Default')
      assert.equal(defaults[0]?.connectorGroupType, 'applicationProxy')
      assert.equal(defaults[0]?.region, 'nam')
    })

    test('POST connectorGroups answers 201 with the entity, @odata.context and Location', async () => {
      const response = await create({ name: 'Berlin', region: 'eur' })
      assert.equal(response.status, 201)
      const { id, ...rest } = response.body
      assert.match(id, /^[0-9a-f-]{36}$/)
      assert.deepEqual(rest, {
        '@odata.context': `${server.baseUrl}/beta/$metadata#onPremisesPublishingProfiles('applicationProxy')/connectorGroups/$entity`,
        name: 'Berlin',
        connectorGroupType: 'applicationProxy',
        isDefault: false,
        region: 'eur',
      })
      assert.equal(response.headers.get('location'), `${server.baseUrl}${P}/connectorGroups/${id}`)
      const read = await server.call('GET', `${P}/connectorGroups/${id}`)
      assert.equal(read.status, 200)
      assert.equal(read.body.name, 'Berlin')
    })

    test('POST connectorGroups without region takes the tenant region', async () => {
      const response = await create({ name: 'No region' })
      assert.equal(response.body.region, 'nam')
    })

    test('POST connectorGroups ignores connectorGroupType and isDefault in the body (seed 004)', async () => {
      const response = await create({
        '@odata.type': '#microsoft.graph.connectorGroup',
        name: 'Seed 004',
        connectorGroupType: 'applicationProxy',
        isDefault: true,
        region: 'aus',
      })
      assert.equal(response.status, 201)
      assert.equal(response.body.isDefault, false)
      assert.equal((await groups()).filter((g) => g.isDefault === true).length, 1)
    })

    for (const [name, body, code] of [
      ['without name', { region: 'eur' }, 'Request_BadRequest'],
      ['with a null name', { name: null }, 'BadRequest'],
      ['with a name that is not a string', { name: 5 }, 'BadRequest'],
      ['with a region outside the enum', { name: 'x', region: 'japan' }, 'BadRequest'],
      ['with an unknown property', { name: 'x', colour: 'red' }, 'BadRequest'],
      ['with a JSON array body', [{ name: 'x' }], 'BadRequest'],
    ] as const) {
      test(`POST connectorGroups ${name} answers 400 and creates nothing`, async () => {
        const before = await groups()
        const response = await create(body)
        assert.equal(response.status, 400)
        assert.equal(response.body.error.code, code)
        assert.deepEqual(await groups(), before)
      })
    }

    test('PATCH connectorGroups/{id} answers 204 and changes name and region', async () => {
      const { id } = (await create({ name: 'Before', region: 'eur' })).body
      const response = await server.call('PATCH', `${P}/connectorGroups/${id}`, {
        name: 'After',
        region: 'asia',
      })
      assert.equal(response.status, 204)
      assert.equal(response.text, '')
      assert.equal(response.headers.get('content-type'), null)
      const read = await server.call('GET', `${P}/connectorGroups/${id}`)
      assert.equal(read.body.name, 'After')
      assert.equal(read.body.region, 'asia')
    })

    test('PATCH with Prefer: return=representation answers 200 with the entity', async () => {
      const { id } = (await create({ name: 'Rep' })).body
      const response = await server.call(
        'PATCH',
        `${P}/connectorGroups/${id}`,
        { name: 'Rep 2' },
        { prefer: 'return=representation' },
      )
      assert.equal(response.status, 200)
      assert.equal(response.body.name, 'Rep 2')
      assert.equal(response.headers.get('preference-applied'), 'return=representation')
      assert.match(response.body['@odata.context'], /connectorGroups\/\$entity$/)
    })

    test('PATCH ignores isDefault and connectorGroupType', async () => {
      const { id } = (await create({ name: 'Plain' })).body
      const response = await server.call('PATCH', `${P}/connectorGroups/${id}`, {
        isDefault: true,
        connectorGroupType: 'other',
      })
      assert.equal(response.status, 204)
      const read = await server.call('GET', `${P}/connectorGroups/${id}`)
      assert.equal(read.body.isDefault, false)
      assert.equal(read.body.connectorGroupType, 'applicationProxy')
    })

    test('PATCH region of a group with connectors answers 400 and changes nothing; the same region is fine', async () => {
      const { id } = (await create({ name: 'Busy', region: 'eur' })).body
      const connector = await server.registerConnector()
      await server.call('POST', `${P}/connectorGroups/${id}/members/$ref`, {
        '@odata.id': `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${connector.id}`,
      })
      const refused = await server.call('PATCH', `${P}/connectorGroups/${id}`, {
        region: 'nam',
        name: 'Renamed',
      })
      assert.equal(refused.status, 400)
      assert.equal(refused.body.error.code, 'Request_BadRequest')
      const read = await server.call('GET', `${P}/connectorGroups/${id}`)
      assert.equal(read.body.region, 'eur')
      assert.equal(read.body.name, 'Busy')
      const same = await server.call('PATCH', `${P}/connectorGroups/${id}`, {
        region: 'eur',
        name: 'Renamed',
      })
      assert.equal(same.status, 204)
    })

    test('PATCH with an enum value outside the CSDL answers 400', async () => {
      const { id } = (await create({ name: 'Enum', region: 'eur' })).body
      const response = await server.call('PATCH', `${P}/connectorGroups/${id}`, { region: 'mars' })
      assert.equal(response.status, 400)
      assert.equal((await server.call('GET', `${P}/connectorGroups/${id}`)).body.region, 'eur')
    })

    test('DELETE connectorGroups/{id} answers 204 and the group is gone', async () => {
      const { id } = (await create({ name: 'Doomed' })).body
      const response = await server.call('DELETE', `${P}/connectorGroups/${id}`)
      assert.equal(response.status, 204)
      const read = await server.call('GET', `${P}/connectorGroups/${id}`)
      assert.equal(read.status, 404)
      assert.equal(read.body.error.code, 'Request_ResourceNotFound')
    })

    test('DELETE of the default group answers 400 and keeps it', async () => {
      const defaultGroup = (await groups()).find((g) => g.isDefault === true)
      const response = await server.call(
        'DELETE',
        `${P}/connectorGroups/${String(defaultGroup?.id)}`,
      )
      assert.equal(response.status, 400)
      assert.equal(response.body.error.code, 'Request_BadRequest')
      assert.equal(
        (await server.call('GET', `${P}/connectorGroups/${String(defaultGroup?.id)}`)).status,
        200,
      )
    })

    test('DELETE of a group that still has connectors answers 400 and keeps group and members', async () => {
      const { id } = (await create({ name: 'Occupied' })).body
      const connector = await server.registerConnector()
      await server.call('POST', `${P}/connectors/${connector.id}/memberOf/$ref`, {
        '@odata.id': `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${id}`,
      })
      const response = await server.call('DELETE', `${P}/connectorGroups/${id}`)
      assert.equal(response.status, 400)
      const members = await server.call('GET', `${P}/connectorGroups/${id}/members`)
      assert.deepEqual(
        members.body.value.map((c: { id: string }) => c.id),
        [connector.id],
      )
    })

    test('unknown and malformed ids answer 404 and 400', async () => {
      const missing = '00000000-0000-0000-0000-000000000001'
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const response = await server.call(
          method,
          `${P}/connectorGroups/${missing}`,
          method === 'PATCH' ? { name: 'x' } : undefined,
        )
        assert.equal(response.status, 404, method)
        assert.equal(response.body.error.code, 'Request_ResourceNotFound')
        assert.match(response.body.error.message, new RegExp(missing))
      }
      const malformed = await server.call('GET', `${P}/connectorGroups/not-a-guid`)
      assert.equal(malformed.status, 400)
      assert.equal(malformed.body.error.code, 'Request_BadRequest')
      assert.equal(malformed.body.error.message, "Invalid object identifier 'not-a-guid'.")
    })

    test('stored enum values outside the CSDL come back verbatim', async () => {
      // Fixtures mirror real tenants (D7); the store takes any string the model's column holds.
      const { id } = (await create({ name: 'Japan' })).body
      await server.store.db
        .updateTable('connectorGroups')
        .set({ region: 'japan', connectorGroupType: 'syncFabric' })
        .where('id', '=', id)
        .execute()
      const read = await server.call('GET', `${P}/connectorGroups/${id}`)
      assert.equal(read.body.region, 'japan')
      assert.equal(read.body.connectorGroupType, 'syncFabric')
    })
  })
