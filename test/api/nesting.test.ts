// Nested groups (spec §8.4, issue #4 §4–5): transitive reads through six levels with a cycle,
// the membership actions, and seed 002's memberOf/$ref extension on groups and /me.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { addMember, ids, newGroup, newUser, ref } from '../support/directory.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

for (const backend of BACKENDS)
  describe(`nested groups [${backend}]`, () => {
    let server: TestServer
    // levels[0] contains levels[1] … contains levels[5]; levels[5] contains levels[2] (a cycle).
    let levels: Array<{ id: string }>
    let users: Array<{ id: string; userPrincipalName: string }>
    before(async () => {
      server = await startTestServer({ backend })
      levels = []
      for (let i = 0; i < 6; i++) levels.push(await newGroup(server, { name: `level-${i}` }))
      users = []
      for (let i = 0; i < 6; i++) users.push(await newUser(server, `member-${i}`))
      for (let i = 0; i < 5; i++) await addMember(server, levels[i]!.id, levels[i + 1]!.id)
      await addMember(server, levels[5]!.id, levels[2]!.id)
      for (let i = 0; i < 6; i++) await addMember(server, levels[i]!.id, users[i]!.id)
    })
    after(() => server.close())

    const sorted = (values: string[]) => [...values].sort()

    test('transitiveMembers of the top lists every nested object once, and terminates on the cycle', async () => {
      const all = await ids(server, `/v1.0/groups/${levels[0]!.id}/transitiveMembers`)
      assert.deepEqual(sorted(all), sorted([...levels.slice(1), ...users].map((o) => o.id)))
      assert.equal(new Set(all).size, all.length)
    })

    test('inside the cycle a group reaches the others but is not listed as its own member', async () => {
      const all = await ids(server, `/v1.0/groups/${levels[3]!.id}/transitiveMembers`)
      assert.deepEqual(
        sorted(all),
        sorted(
          [levels[2]!, levels[4]!, levels[5]!, users[2]!, users[3]!, users[4]!, users[5]!].map(
            (o) => o.id,
          ),
        ),
      )
    })

    test('transitiveMemberOf of the deepest user lists every ancestor once', async () => {
      const all = await ids(server, `/v1.0/users/${users[5]!.id}/transitiveMemberOf`)
      assert.deepEqual(sorted(all), sorted(levels.map((g) => g.id)))
      const direct = await ids(server, `/v1.0/users/${users[5]!.id}/memberOf`)
      assert.deepEqual(direct, [levels[5]!.id])
    })

    test('typed transitive reads and paging with $top', async () => {
      const usersOnly = await ids(
        server,
        `/v1.0/groups/${levels[0]!.id}/transitiveMembers/microsoft.graph.user?$top=2`,
      )
      assert.deepEqual(sorted(usersOnly), sorted(users.map((u) => u.id)))
      const paged = await ids(server, `/v1.0/groups/${levels[0]!.id}/transitiveMembers?$top=3`)
      assert.equal(paged.length, 11)
      assert.equal(new Set(paged).size, 11)
    })

    test('checkMemberGroups, checkMemberObjects, getMemberGroups and getMemberObjects are transitive', async () => {
      const user = users[5]!.id
      const outsider = await newGroup(server)
      const check = await server.call('POST', `/v1.0/users/${user}/checkMemberGroups`, {
        groupIds: [levels[0]!.id, outsider.id],
      })
      assert.equal(check.status, 200)
      assert.equal(
        check.body['@odata.context'],
        `${server.baseUrl}/v1.0/$metadata#Collection(Edm.String)`,
      )
      assert.deepEqual(check.body.value, [levels[0]!.id])
      const objects = await server.call(
        'POST',
        `/v1.0/directoryObjects/${user}/checkMemberObjects`,
        { ids: [levels[1]!.id, outsider.id] },
      )
      assert.deepEqual(objects.body.value, [levels[1]!.id])
      const groups = await server.call('POST', `/v1.0/users/${user}/getMemberGroups`, {
        securityEnabledOnly: true,
      })
      assert.deepEqual(sorted(groups.body.value), sorted(levels.map((g) => g.id)))
      const all = await server.call('POST', `/beta/groups/${levels[5]!.id}/getMemberObjects`, {
        securityEnabledOnly: false,
      })
      assert.deepEqual(
        sorted(all.body.value),
        sorted(levels.filter((_, i) => i !== 5).map((g) => g.id)),
      )
      const tooMany = await server.call('POST', `/v1.0/users/${user}/checkMemberGroups`, {
        groupIds: Array.from({ length: 21 }, () => outsider.id),
      })
      assert.equal(tooMany.status, 400)
      const missing = await server.call(
        'POST',
        '/v1.0/users/00000000-0000-0000-0000-00000000dead/getMemberGroups',
        { securityEnabledOnly: false },
      )
      assert.equal(missing.status, 404)
    })

    test('seed 002: POST groups/{X}/memberOf/$ref makes X a member of Y (204; 201 with Prefer)', async () => {
      const x = await newGroup(server)
      const y = await newGroup(server)
      const response = await server.call('POST', `/beta/groups/${x.id}/memberOf/$ref`, {
        '@odata.id': `https://graph.microsoft.com/beta/groups/${y.id}`,
      })
      assert.equal(response.status, 204)
      assert.deepEqual(await ids(server, `/v1.0/groups/${y.id}/members`), [x.id])
      assert.deepEqual(await ids(server, `/v1.0/groups/${x.id}/memberOf`), [y.id])
      const z = await newGroup(server, { name: 'seed-002-z' })
      const represented = await server.call(
        'POST',
        `/v1.0/groups/${x.id}/memberOf/$ref`,
        ref(z.id),
        { prefer: 'return=representation' },
      )
      assert.equal(represented.status, 201)
      assert.equal(represented.body.id, z.id)
      assert.equal(represented.body.displayName, 'seed-002-z')
      const duplicate = await server.call('POST', `/beta/groups/${x.id}/memberOf/$ref`, ref(y.id))
      assert.equal(duplicate.status, 400)
      assert.equal(
        duplicate.body.error.message,
        "One or more added object references already exist for the following modified properties: 'members'.",
      )
    })

    test('seed 002: POST groups/{X}/memberOf without $ref answers 400, and nothing changes', async () => {
      const x = await newGroup(server)
      const y = await newGroup(server)
      const response = await server.call('POST', `/beta/groups/${x.id}/memberOf`, {
        '@odata.type': '#microsoft.graph.directoryObject',
        deletedDateTime: '2016-12-31T23:58:50.3020202+00:00',
      })
      assert.equal(response.status, 400)
      assert.deepEqual(await ids(server, `/v1.0/groups/${y.id}/members`), [])
    })

    test('seed 002: POST me/joinedGroups/{X}/memberOf/$ref for a group the user is in; 404 otherwise', async () => {
      const admin = server.running.developmentIdentity.admin.id
      const joined = await newGroup(server)
      const other = await newGroup(server)
      const parent = await newGroup(server)
      await addMember(server, joined.id, admin)
      const ok = await server.call(
        'POST',
        `/beta/me/joinedGroups/${joined.id}/memberOf/$ref`,
        ref(parent.id),
      )
      assert.equal(ok.status, 204)
      assert.deepEqual(await ids(server, `/v1.0/groups/${parent.id}/members`), [joined.id])
      const notJoined = await server.call(
        'POST',
        `/beta/me/joinedGroups/${other.id}/memberOf/$ref`,
        ref(parent.id),
      )
      assert.equal(notJoined.status, 404)
      assert.deepEqual(await ids(server, `/v1.0/groups/${parent.id}/members`), [joined.id])
      assert.deepEqual(await ids(server, '/v1.0/me/joinedGroups'), [joined.id])
    })

    test('/me, /me/memberOf and /me/transitiveMemberOf for a delegated token; an app token is refused', async () => {
      const admin = server.running.developmentIdentity.admin
      const me = await server.call('GET', '/v1.0/me')
      assert.equal(me.status, 200)
      assert.equal(me.body.id, admin.id)
      assert.equal(me.body['@odata.context'], `${server.baseUrl}/v1.0/$metadata#users/$entity`)
      const memberOf = await server.call('GET', '/v1.0/me/memberOf')
      assert.equal(memberOf.status, 200)
      const appToken = await server.tokenFor({ roles: ['Directory.Read.All', 'User.Read.All'] })
      const refused = await server.call('GET', '/v1.0/me', undefined, {
        authorization: `Bearer ${appToken}`,
      })
      assert.equal(refused.status, 400)
      assert.equal(
        refused.body.error.message,
        '/me request is only valid with delegated authentication flow.',
      )
    })

    test('deleting a group removes every membership naming it, in both directions', async () => {
      const parent = await newGroup(server)
      const doomed = await newGroup(server)
      const child = await newUser(server)
      await addMember(server, parent.id, doomed.id)
      await addMember(server, doomed.id, child.id)
      assert.equal((await server.call('DELETE', `/v1.0/groups/${doomed.id}`)).status, 204)
      assert.deepEqual(await ids(server, `/v1.0/groups/${parent.id}/members`), [])
      assert.deepEqual(await ids(server, `/v1.0/users/${child.id}/memberOf`), [])
      assert.equal((await server.call('GET', `/v1.0/groups/${doomed.id}`)).status, 404)
    })
  })
