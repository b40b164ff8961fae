// Users, groups, directoryObjects and the deleted-items bin (spec §2.7–2.8, §8.5, issue #4 §1, §6).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { DOMAIN, addMember, ids, newGroup, newUser } from '../support/directory.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

for (const backend of BACKENDS)
  describe(`users, groups and deleted items [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    test('POST users answers 201; GET by id or userPrincipalName; v1.0 shows the default property set', async () => {
      const created = await newUser(server, 'adele')
      assert.equal(created.userPrincipalName, `adele@${DOMAIN}`)
      const byUpn = await server.call('GET', `/v1.0/users/adele@${DOMAIN}`)
      assert.equal(byUpn.body.id, created.id)
      assert.equal(byUpn.body['@odata.context'], `${server.baseUrl}/v1.0/$metadata#users/$entity`)
      assert.equal(
        byUpn.body.accountEnabled,
        undefined,
        'accountEnabled is not in v1.0’s default set',
      )
      assert.equal(byUpn.body.passwordProfile, undefined)
      const selected = await server.call(
        'GET',
        `/v1.0/users/${created.id}?$select=accountEnabled,displayName`,
      )
      assert.deepEqual(Object.keys(selected.body), [
        '@odata.context',
        'displayName',
        'accountEnabled',
      ])
      const beta = await server.call('GET', `/beta/users/${created.id}`)
      assert.equal(beta.body.accountEnabled, true)
    })

    const badUsers: Array<[string, Record<string, unknown>, string]> = [
      [
        'without passwordProfile',
        {
          accountEnabled: true,
          displayName: 'x',
          mailNickname: 'x',
          userPrincipalName: `x@${DOMAIN}`,
        },
        'Request_BadRequest',
      ],
      [
        'without userPrincipalName',
        {
          accountEnabled: true,
          displayName: 'x',
          mailNickname: 'x',
          passwordProfile: { password: 'P@ssw0rd!' },
        },
        'Request_BadRequest',
      ],
      [
        'with a domain the tenant does not have',
        {
          accountEnabled: true,
          displayName: 'x',
          mailNickname: 'x',
          userPrincipalName: 'x@fabrikam.com',
          passwordProfile: { password: 'P@ssw0rd!' },
        },
        'Request_BadRequest',
      ],
      [
        'with an unknown property',
        {
          accountEnabled: true,
          displayName: 'x',
          mailNickname: 'x',
          userPrincipalName: `y@${DOMAIN}`,
          passwordProfile: { password: 'P@ssw0rd!' },
          shoeSize: 42,
        },
        'BadRequest',
      ],
    ]
    for (const [name, body, code] of badUsers) {
      test(`POST users ${name} answers 400 and creates nothing`, async () => {
        const before = await ids(server, '/v1.0/users')
        const response = await server.call('POST', '/v1.0/users', body)
        assert.equal(response.status, 400, response.text)
        assert.equal(response.body.error.code, code)
        assert.deepEqual(await ids(server, '/v1.0/users'), before)
      })
    }

    test('a second user with the same userPrincipalName is refused with Graph’s message', async () => {
      await newUser(server, 'twin')
      const response = await server.call('POST', '/v1.0/users', {
        accountEnabled: true,
        displayName: 'Twin',
        mailNickname: 'twin',
        userPrincipalName: `TWIN@${DOMAIN}`,
        passwordProfile: { password: 'P@ssw0rd!' },
      })
      assert.equal(response.status, 400)
      assert.equal(
        response.body.error.message,
        'Another object with the same value for property userPrincipalName already exists.',
      )
    })

    test('PATCH users/{id} answers 204 and changes what it names', async () => {
      const created = await newUser(server)
      assert.equal(
        (await server.call('PATCH', `/v1.0/users/${created.id}`, { jobTitle: 'Engineer' })).status,
        204,
      )
      assert.equal(
        (await server.call('GET', `/v1.0/users/${created.id}`)).body.jobTitle,
        'Engineer',
      )
    })

    test('POST groups needs displayName, mailEnabled, mailNickname and securityEnabled', async () => {
      for (const missing of ['displayName', 'mailEnabled', 'mailNickname', 'securityEnabled']) {
        const body: Record<string, unknown> = {
          displayName: 'g',
          mailEnabled: false,
          mailNickname: 'g',
          securityEnabled: true,
        }
        delete body[missing]
        const response = await server.call('POST', '/v1.0/groups', body)
        assert.equal(response.status, 400, missing)
        assert.match(response.body.error.message, new RegExp(missing))
      }
    })

    test('POST groups with members@odata.bind creates the group with its members in one step', async () => {
      const users = [await newUser(server), await newUser(server)]
      const response = await server.call('POST', '/v1.0/groups', {
        displayName: 'Bound',
        mailEnabled: false,
        mailNickname: 'bound',
        securityEnabled: true,
        'members@odata.bind': users.map(
          (u) => `https://graph.microsoft.com/v1.0/directoryObjects/${u.id}`,
        ),
      })
      assert.equal(response.status, 201)
      assert.equal(
        response.body['@odata.context'],
        `${server.baseUrl}/v1.0/$metadata#groups/$entity`,
      )
      assert.deepEqual(
        (await ids(server, `/v1.0/groups/${response.body.id}/members`)).sort(),
        users.map((u) => u.id).sort(),
      )
      const failing = await server.call('POST', '/v1.0/groups', {
        displayName: 'Never',
        mailEnabled: false,
        mailNickname: 'never',
        securityEnabled: true,
        'members@odata.bind': [
          'https://graph.microsoft.com/v1.0/directoryObjects/00000000-0000-0000-0000-0000000000aa',
        ],
      })
      assert.equal(failing.status, 404)
      const named = await server.call('GET', "/v1.0/groups?$filter=displayName eq 'Never'")
      assert.deepEqual(named.body.value, [])
    })

    test('groups filter on groupTypes with any(), and /$count needs ConsistencyLevel', async () => {
      const unified = await newGroup(server, { groupTypes: ['Unified'] })
      const found = await server.call(
        'GET',
        "/v1.0/groups?$filter=groupTypes/any(c:c eq 'Unified')",
      )
      assert.ok(found.body.value.some((g: { id: string }) => g.id === unified.id))
      assert.ok(
        found.body.value.every((g: { groupTypes: string[] }) => g.groupTypes.includes('Unified')),
      )
      assert.equal((await server.call('GET', '/v1.0/groups/$count')).status, 400)
      const counted = await server.call('GET', '/v1.0/groups/$count', undefined, {
        consistencylevel: 'eventual',
      })
      assert.match(counted.text, /^\d+$/)
    })

    test('directoryObjects/{id} and getByIds resolve any type', async () => {
      const user = await newUser(server)
      const group = await newGroup(server)
      const one = await server.call('GET', `/v1.0/directoryObjects/${group.id}`)
      assert.equal(one.body['@odata.type'], '#microsoft.graph.group')
      const many = await server.call('POST', '/v1.0/directoryObjects/getByIds', {
        ids: [user.id, group.id, '00000000-0000-0000-0000-000000000999'],
        types: ['user'],
      })
      assert.equal(many.status, 200)
      assert.deepEqual(
        many.body.value.map((o: { id: string; '@odata.type': string }) => [o.id, o['@odata.type']]),
        [[user.id, '#microsoft.graph.user']],
      )
    })

    test('a deleted user leaves every group, goes to deletedItems, and restores without memberships', async () => {
      const group = await newGroup(server)
      const user = await newUser(server, 'phoenix')
      await addMember(server, group.id, user.id)
      assert.equal((await server.call('DELETE', `/v1.0/users/${user.id}`)).status, 204)
      assert.equal((await server.call('GET', `/v1.0/users/${user.id}`)).status, 404)
      assert.deepEqual(await ids(server, `/v1.0/groups/${group.id}/members`), [])
      const bin = await server.call(
        'GET',
        '/v1.0/directory/deletedItems/microsoft.graph.user?$select=id,deletedDateTime',
      )
      const item = bin.body.value.find((u: { id: string }) => u.id === user.id)
      assert.equal(item['@odata.type'], '#microsoft.graph.user')
      assert.match(item.deletedDateTime, /^\d{4}-/)
      const restored = await server.call('POST', `/v1.0/directory/deletedItems/${user.id}/restore`)
      assert.equal(restored.status, 200, restored.text)
      assert.equal(restored.body.id, user.id)
      const back = await server.call('GET', `/v1.0/users/${user.id}`)
      assert.equal(back.body.userPrincipalName, `phoenix@${DOMAIN}`)
      assert.deepEqual(await ids(server, `/v1.0/users/${user.id}/memberOf`), [])
      assert.equal(
        (await server.call('GET', `/v1.0/directory/deletedItems/${user.id}`)).status,
        404,
      )
    })

    test('a deleted object past 30 days cannot be restored', async () => {
      const group = await newGroup(server)
      assert.equal((await server.call('DELETE', `/v1.0/groups/${group.id}`)).status, 204)
      await server.running.store.db
        .updateTable('deletedItems')
        .set({ deletedDateTime: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', group.id)
        .execute()
      assert.equal(
        (await server.call('POST', `/v1.0/directory/deletedItems/${group.id}/restore`)).status,
        404,
      )
      assert.equal((await server.call('GET', `/v1.0/groups/${group.id}`)).status, 404)
    })
  })
