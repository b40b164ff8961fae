// Group membership by $ref (spec §4.1–4.5, issue #4 §3): Graph's status codes, codes and messages,
// the member-type matrix, and the state read back after every refused request.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { addMember, ids, newGroup, newUser, ref } from '../support/directory.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const EVENTUAL = { consistencylevel: 'eventual' }

for (const backend of BACKENDS)
  describe(`group membership [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    test('POST groups/{id}/members/$ref answers 204 and the member is listed with its @odata.type', async () => {
      const group = await newGroup(server)
      const user = await newUser(server)
      const response = await server.call(
        'POST',
        `/v1.0/groups/${group.id}/members/$ref`,
        ref(user.id),
      )
      assert.equal(response.status, 204)
      const members = await server.call('GET', `/v1.0/groups/${group.id}/members`)
      assert.equal(
        members.body['@odata.context'],
        `${server.baseUrl}/v1.0/$metadata#directoryObjects`,
      )
      assert.equal(members.body.value.length, 1)
      assert.equal(members.body.value[0]['@odata.type'], '#microsoft.graph.user')
      assert.equal(members.body.value[0].id, user.id)
      const memberOf = await server.call('GET', `/v1.0/users/${user.userPrincipalName}/memberOf`)
      assert.deepEqual(
        memberOf.body.value.map((g: { id: string }) => g.id),
        [group.id],
      )
      assert.equal(memberOf.body.value[0]['@odata.type'], '#microsoft.graph.group')
    })

    test('every @odata.id form of spec §5.2 adds the member', async () => {
      const forms = (id: string, upn: string) => [
        `https://graph.microsoft.com/v1.0/directoryObjects/${id}`,
        `https://graph.microsoft.com/beta/users/${id}`,
        `https://graph.microsoft.com/v1.0/users/${upn}`,
        `https://graph.microsoft.com/v1.0/users('${id}')`,
        `https://graph.microsoft.com/v2/${server.tenantId}/directoryObjects/${id}/Microsoft.DirectoryServices.User`,
        `directoryObjects/${id}`,
      ]
      const user = await newUser(server)
      for (const form of forms(user.id, user.userPrincipalName)) {
        const group = await newGroup(server)
        const response = await server.call('POST', `/v1.0/groups/${group.id}/members/$ref`, {
          '@odata.id': form,
        })
        assert.equal(response.status, 204, form)
        assert.deepEqual(await ids(server, `/v1.0/groups/${group.id}/members`), [user.id])
      }
    })

    test('adding an existing member answers 400 with Graph’s duplicate message', async () => {
      const group = await newGroup(server)
      const user = await newUser(server)
      await addMember(server, group.id, user.id)
      const response = await server.call(
        'POST',
        `/v1.0/groups/${group.id}/members/$ref`,
        ref(user.id),
      )
      assert.equal(response.status, 400)
      assert.equal(response.body.error.code, 'Request_BadRequest')
      assert.equal(
        response.body.error.message,
        "One or more added object references already exist for the following modified properties: 'members'.",
      )
      assert.deepEqual(await ids(server, `/v1.0/groups/${group.id}/members`), [user.id])
    })

    test('a member or group that does not exist answers 404 naming it', async () => {
      const group = await newGroup(server)
      const missing = '00000000-0000-0000-0000-00000000abcd'
      const noMember = await server.call(
        'POST',
        `/v1.0/groups/${group.id}/members/$ref`,
        ref(missing),
      )
      assert.equal(noMember.status, 404)
      assert.equal(noMember.body.error.code, 'Request_ResourceNotFound')
      assert.equal(
        noMember.body.error.message,
        `Resource '${missing}' does not exist or one of its queried reference-property objects are not present.`,
      )
      const user = await newUser(server)
      const noGroup = await server.call(
        'POST',
        `/v1.0/groups/${missing}/members/$ref`,
        ref(user.id),
      )
      assert.equal(noGroup.status, 404)
      assert.match(noGroup.body.error.message, new RegExp(missing))
      assert.deepEqual(await ids(server, `/v1.0/groups/${group.id}/members`), [])
    })

    const refusals: Array<
      [string, (s: TestServer) => Promise<[string, string]>, number, string, RegExp]
    > = [
      [
        'a Microsoft 365 group into a Microsoft 365 group',
        async (s) => [
          (await newGroup(s, { groupTypes: ['Unified'] })).id,
          (await newGroup(s, { groupTypes: ['Unified'] })).id,
        ],
        400,
        'Request_BadRequest',
        /^Unified Groups cannot be added to Unified Groups/,
      ],
      [
        'a security group into a Microsoft 365 group',
        async (s) => [(await newGroup(s, { groupTypes: ['Unified'] })).id, (await newGroup(s)).id],
        400,
        'Request_BadRequest',
        /Microsoft 365 group/,
      ],
      [
        'a Microsoft 365 group into a security group',
        async (s) => [(await newGroup(s)).id, (await newGroup(s, { groupTypes: ['Unified'] })).id],
        400,
        'Request_BadRequest',
        /Microsoft 365 group/,
      ],
      [
        'a group into a dynamic group',
        async (s) => [
          (
            await newGroup(s, {
              groupTypes: ['DynamicMembership'],
              extra: { membershipRule: 'user.department -eq "x"' },
            })
          ).id,
          (await newUser(s)).id,
        ],
        400,
        'Request_BadRequest',
        /dynamic/,
      ],
      [
        'a group into itself',
        async (s) => {
          const g = (await newGroup(s)).id
          return [g, g]
        },
        400,
        'Request_BadRequest',
        /itself/,
      ],
      [
        'an application',
        async (s) => [
          (await newGroup(s)).id,
          (await s.call('POST', '/v1.0/applications', { displayName: 'app' })).body.id,
        ],
        400,
        'Request_BadRequest',
        /type/,
      ],
    ]
    for (const [name, setup, status, code, message] of refusals) {
      test(`adding ${name} is refused and changes nothing`, async () => {
        const [groupId, memberId] = await setup(server)
        const response = await server.call(
          'POST',
          `/v1.0/groups/${groupId}/members/$ref`,
          ref(memberId),
        )
        assert.equal(response.status, status, response.text)
        assert.equal(response.body.error.code, code)
        assert.match(response.body.error.message, message)
        assert.deepEqual(await ids(server, `/v1.0/groups/${groupId}/members`), [])
      })
    }

    test('the Unified-into-Unified error carries Graph’s details array', async () => {
      const outer = await newGroup(server, { groupTypes: ['Unified'] })
      const inner = await newGroup(server, { groupTypes: ['Unified'] })
      const response = await server.call(
        'POST',
        `/v1.0/groups/${outer.id}/members/$ref`,
        ref(inner.id),
      )
      assert.deepEqual(response.body.error.details, [
        { target: 'membersWithLicenseErrors.members', code: 'InvalidValue' },
      ])
    })

    test('DELETE members/{id}/$ref answers 204; a non-member answers 404 naming the group', async () => {
      const group = await newGroup(server)
      const user = await newUser(server)
      await addMember(server, group.id, user.id)
      assert.equal(
        (await server.call('DELETE', `/v1.0/groups/${group.id}/members/${user.id}/$ref`)).status,
        204,
      )
      assert.deepEqual(await ids(server, `/v1.0/groups/${group.id}/members`), [])
      const again = await server.call('DELETE', `/v1.0/groups/${group.id}/members/${user.id}/$ref`)
      assert.equal(again.status, 404)
      assert.match(again.body.error.message, new RegExp(`'${group.id}'`))
    })

    test('writes without $ref, and PATCH on members/$ref, are refused', async () => {
      const group = await newGroup(server)
      const user = await newUser(server)
      const post = await server.call('POST', `/v1.0/groups/${group.id}/members`, ref(user.id))
      assert.equal(post.status, 400)
      assert.equal(
        post.body.error.message,
        'Write requests are only supported on contained entities',
      )
      const patch = await server.call(
        'PATCH',
        `/v1.0/groups/${group.id}/members/$ref`,
        ref(user.id),
      )
      assert.equal(patch.status, 400)
      const deleteObject = await server.call(
        'DELETE',
        `/v1.0/groups/${group.id}/members/${user.id}`,
      )
      assert.equal(deleteObject.status, 405)
      assert.equal((await server.call('GET', `/v1.0/users/${user.id}`)).status, 200)
      assert.deepEqual(await ids(server, `/v1.0/groups/${group.id}/members`), [])
    })

    test('PATCH with members@odata.bind adds up to 20, all or nothing', async () => {
      const group = await newGroup(server)
      const users = await Promise.all(Array.from({ length: 3 }, () => newUser(server)))
      const binds = users.map((u) => `https://graph.microsoft.com/v1.0/directoryObjects/${u.id}`)
      assert.equal(
        (await server.call('PATCH', `/v1.0/groups/${group.id}`, { 'members@odata.bind': binds }))
          .status,
        204,
      )
      assert.deepEqual(
        (await ids(server, `/v1.0/groups/${group.id}/members`)).sort(),
        users.map((u) => u.id).sort(),
      )

      const other = await newGroup(server)
      const extra = await newUser(server)
      const mixed = await server.call('PATCH', `/v1.0/groups/${other.id}`, {
        'members@odata.bind': [
          `https://graph.microsoft.com/v1.0/directoryObjects/${extra.id}`,
          'https://graph.microsoft.com/v1.0/directoryObjects/00000000-0000-0000-0000-0000000000ff',
        ],
      })
      assert.equal(mixed.status, 404)
      assert.deepEqual(await ids(server, `/v1.0/groups/${other.id}/members`), [])

      const duplicate = await server.call('PATCH', `/v1.0/groups/${group.id}`, {
        'members@odata.bind': [binds[0]],
      })
      assert.equal(duplicate.status, 400)
      assert.equal(duplicate.body.error.code, 'Request_BadRequest')

      const notUrl = await server.call('PATCH', `/v1.0/groups/${other.id}`, {
        'members@odata.bind': ['not a url'],
      })
      assert.equal(notUrl.status, 400)
      const tooMany = await server.call('PATCH', `/v1.0/groups/${other.id}`, {
        'members@odata.bind': Array.from({ length: 21 }, () => binds[0]),
      })
      assert.equal(tooMany.status, 400)
      assert.deepEqual(await ids(server, `/v1.0/groups/${other.id}/members`), [])
    })

    test('members/$ref, cast segments and /$count', async () => {
      const group = await newGroup(server)
      const user = await newUser(server)
      const child = await newGroup(server)
      await addMember(server, group.id, user.id)
      await addMember(server, group.id, child.id)
      const refs = await server.call('GET', `/v1.0/groups/${group.id}/members/$ref`)
      assert.equal(refs.body['@odata.context'], `${server.baseUrl}/v1.0/$metadata#Collection($ref)`)
      assert.deepEqual(
        refs.body.value.map((r: { '@odata.id': string }) => r['@odata.id']).sort(),
        [
          `https://graph.microsoft.com/v2/${server.tenantId}/directoryObjects/${user.id}/Microsoft.DirectoryServices.User`,
          `https://graph.microsoft.com/v2/${server.tenantId}/directoryObjects/${child.id}/Microsoft.DirectoryServices.Group`,
        ].sort(),
      )
      assert.deepEqual(await ids(server, `/v1.0/groups/${group.id}/members/microsoft.graph.user`), [
        user.id,
      ])
      assert.deepEqual(
        await ids(server, `/v1.0/groups/${group.id}/members/microsoft.graph.group`),
        [child.id],
      )
      const noHeader = await server.call('GET', `/v1.0/groups/${group.id}/members/$count`)
      assert.equal(noHeader.status, 400)
      assert.equal(noHeader.body.error.message, '$count is not currently supported.')
      const counted = await server.call(
        'GET',
        `/v1.0/groups/${group.id}/members/$count`,
        undefined,
        EVENTUAL,
      )
      assert.equal(counted.text, '2')
      const filtered = await server.call(
        'GET',
        `/v1.0/groups/${group.id}/members/microsoft.graph.user?$filter=displayName eq 'nobody'`,
      )
      assert.equal(filtered.status, 400)
      assert.equal(filtered.body.error.code, 'Request_UnsupportedQuery')
      const advanced = await server.call(
        'GET',
        `/v1.0/groups/${group.id}/members/microsoft.graph.user?$filter=startswith(displayName,'user-')&$count=true`,
        undefined,
        EVENTUAL,
      )
      assert.equal(advanced.status, 200)
      assert.equal(advanced.body['@odata.count'], 1)
    })

    test('$expand=members lists at most 20 members per group; other expansions answer ExpandNotSupported', async () => {
      const group = await newGroup(server)
      const users = await Promise.all(Array.from({ length: 22 }, () => newUser(server)))
      await server.call('PATCH', `/v1.0/groups/${group.id}`, {
        'members@odata.bind': users
          .slice(0, 20)
          .map((u) => `https://graph.microsoft.com/v1.0/directoryObjects/${u.id}`),
      })
      await server.call('PATCH', `/v1.0/groups/${group.id}`, {
        'members@odata.bind': users
          .slice(20)
          .map((u) => `https://graph.microsoft.com/v1.0/directoryObjects/${u.id}`),
      })
      const one = await server.call('GET', `/v1.0/groups/${group.id}?$expand=members`)
      assert.equal(one.status, 200)
      assert.equal(one.body.members.length, 20)
      assert.equal(one.body.members[0]['@odata.type'], '#microsoft.graph.user')
      const listed = await server.call(
        'GET',
        `/v1.0/groups?$filter=displayName eq '${group.displayName}'&$expand=members`,
      )
      assert.equal(listed.body.value[0].members.length, 20)
      const user = await server.call('GET', `/v1.0/users/${users[0]!.id}?$expand=memberOf`)
      assert.deepEqual(
        user.body.memberOf.map((g: { id: string }) => g.id),
        [group.id],
      )
      const refused = await server.call('GET', `/v1.0/users/${users[0]!.id}?$expand=joinedGroups`)
      assert.equal(refused.status, 400)
      assert.equal(refused.body.error.code, 'ExpandNotSupported')
    })

    test('50 parallel identical members/$ref adds: one 204, 49 duplicate errors, the member listed once', async () => {
      const group = await newGroup(server)
      const user = await newUser(server)
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          server.call('POST', `/v1.0/groups/${group.id}/members/$ref`, ref(user.id)),
        ),
      )
      const statuses = responses.map((r) => r.status)
      assert.equal(statuses.filter((s) => s === 204).length, 1)
      assert.equal(statuses.filter((s) => s === 400).length, 49)
      for (const r of responses.filter((x) => x.status === 400)) {
        assert.equal(
          r.body.error.message,
          "One or more added object references already exist for the following modified properties: 'members'.",
        )
      }
      assert.deepEqual(await ids(server, `/v1.0/groups/${group.id}/members`), [user.id])
    })
  })
