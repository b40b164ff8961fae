// Reused GET answers (src/http/plugins/representation-cache.ts): whatever is cached, a client
// always reads what the last acknowledged write left, whoever wrote it, only with a token that may
// read it, and a connector's status follows the clock. On PostgreSQL nothing is cached and the
// same answers must come back.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { openStore } from '../../src/store/open-store.js'
import { BACKENDS } from '../support/backends.js'
import { addMember, ids, newGroup, newUser } from '../support/directory.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'

for (const backend of BACKENDS)
  describe(`reused GET answers [${backend}]`, () => {
    let server: TestServer
    let clock = new Date('2026-01-01T00:00:00Z')
    before(async () => {
      server = await startTestServer({
        backend,
        config: { connectorInactiveAfterSeconds: 600 },
        now: () => clock,
      })
    })
    after(() => server.close())

    const create = async (name: string) => {
      const response = await server.call('POST', `${P}/connectorGroups`, { name, region: 'eur' })
      assert.equal(response.status, 201)
      return response.body.id as string
    }

    test('a PATCH, a DELETE and a create are seen by the very next GET', async () => {
      const id = await create('before')
      assert.equal((await server.call('GET', `${P}/connectorGroups/${id}`)).body.name, 'before')
      assert.equal((await server.call('GET', `${P}/connectorGroups/${id}`)).body.name, 'before')
      const list = async () =>
        (await server.call('GET', `${P}/connectorGroups?$select=name`)).body.value.map(
          (g: { name: string }) => g.name,
        )
      assert.ok((await list()).includes('before'))

      assert.equal(
        (await server.call('PATCH', `${P}/connectorGroups/${id}`, { name: 'after' })).status,
        204,
      )
      assert.equal((await server.call('GET', `${P}/connectorGroups/${id}`)).body.name, 'after')
      assert.ok((await list()).includes('after'))

      await create('third')
      assert.ok((await list()).includes('third'))

      assert.equal((await server.call('DELETE', `${P}/connectorGroups/${id}`)).status, 204)
      assert.equal((await server.call('GET', `${P}/connectorGroups/${id}`)).status, 404)
      assert.ok(!(await list()).includes('after'))
    })

    test('a write by another process on the same database is seen by the next GET', async () => {
      const path = `${P}/connectorGroups?$filter=name eq 'written elsewhere'`
      assert.deepEqual((await server.call('GET', path)).body.value, [])
      // A second connection, as `graph-appproxy connectors register` opens while the server runs.
      const elsewhere = await openStore({
        url: server.dbUrl,
        connectorInactiveAfterSeconds: 600,
        now: () => clock,
      })
      try {
        await elsewhere.transaction((tx) =>
          tx.connectorGroups.insert(
            server.tenantId,
            {
              id: '6a1f3c52-0b5e-4a0e-9a43-3a9a1c2b7d10',
              name: 'written elsewhere',
              connectorGroupType: 'applicationProxy',
              isDefault: false,
              region: 'eur',
            },
            clock.toISOString(),
          ),
        )
      } finally {
        await elsewhere.close()
      }
      const after = (await server.call('GET', path)).body.value
      assert.deepEqual(
        after.map((g: { name: string }) => g.name),
        ['written elsewhere'],
      )
    })

    test('a token without the permission is refused, even for an answer held in the cache', async () => {
      await create('held-1')
      const path = `${P}/connectorGroups?$filter=startswith(name,'held-')`
      assert.equal((await server.call('GET', path)).body.value.length, 1)
      assert.equal((await server.call('GET', path)).body.value.length, 1)
      const weak = await server.tokenFor({ scopes: ['User.Read'] })
      const refused = await server.call('GET', path, undefined, { authorization: `Bearer ${weak}` })
      assert.equal(refused.status, 403)
      assert.equal(refused.body.error.code, 'Authorization_RequestDenied')
    })

    test("a connector's status follows the clock while nothing is written", async () => {
      const registered = await server.call(
        'POST',
        '/_admin/connectors',
        { machineName: 'cache.contoso.com', externalIp: '203.0.113.9' },
        { 'x-admin-key': server.adminKey },
      )
      assert.equal(registered.status, 201)
      const id = registered.body.id as string
      const status = async () => (await server.call('GET', `${P}/connectors/${id}`)).body.status
      assert.equal(await status(), 'active')
      assert.equal(await status(), 'active')
      clock = new Date(clock.getTime() + 601_000)
      assert.equal(await status(), 'inactive')
      const members = await server.call('GET', `${P}/connectors/${id}/memberOf`)
      const groupId = members.body.value[0].id as string
      const listed = await server.call('GET', `${P}/connectorGroups/${groupId}/members`)
      assert.equal(listed.body.value.find((c: { id: string }) => c.id === id)?.status, 'inactive')
    })

    test('a nested member added or removed is seen by the next transitiveMembers read', async () => {
      const outer = await newGroup(server)
      const inner = await newGroup(server)
      const user = await newUser(server)
      await addMember(server, outer.id, inner.id)
      const path = `/v1.0/groups/${outer.id}/transitiveMembers`
      assert.deepEqual(await ids(server, path), [inner.id])
      assert.deepEqual(await ids(server, path), [inner.id])
      await addMember(server, inner.id, user.id)
      assert.deepEqual((await ids(server, path)).sort(), [inner.id, user.id].sort())
      const removed = await server.call(
        'DELETE',
        `/v1.0/groups/${inner.id}/members/${user.id}/$ref`,
      )
      assert.equal(removed.status, 204)
      assert.deepEqual(await ids(server, path), [inner.id])
    })
  })
