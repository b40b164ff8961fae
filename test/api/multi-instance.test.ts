// Several instances (issue #6): three `graph-appproxy start` processes on one PostgreSQL database,
// started together on an empty one, take conflicting writes through all three at once. The
// invariants of spec §8 hold whoever wins, and a token one instance issued is good at the others.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { createTestDatabase } from '../support/postgres-databases.js'
import type { TestDatabase } from '../support/postgres-databases.js'
import { passwordToken, startServerProcess } from '../support/server-process.js'
import type { ServerProcess } from '../support/server-process.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
const GRAPH = 'https://graph.microsoft.com'
// Behind a load balancer every instance names the same origin in its tokens (src/domain/issuer.ts).
const PUBLIC_URL = 'https://graph-appproxy.example.test'
const ADMIN_KEY = 'multi-instance-admin-key'

describe(
  'three instances on one PostgreSQL database',
  {
    skip: BACKENDS.includes('postgres')
      ? false
      : 'SQLite is one file on one machine: several instances need PostgreSQL',
  },
  () => {
    let database: TestDatabase
    let dir: string
    let instances: ServerProcess[] = []
    let token: string

    before(async () => {
      database = await createTestDatabase()
      dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-instances-'))
      // All three at once on an empty database: migrations, the development tenant and its
      // identity, the signing keys and the settings are each created once.
      const started = await Promise.allSettled(
        [1, 2, 3].map((n) =>
          startServerProcess([
            '--db-url',
            database.url,
            '--db-pool-size',
            '4',
            '--public-url',
            PUBLIC_URL,
            '--admin-key',
            ADMIN_KEY,
            '--data-dir',
            join(dir, `instance-${n}`),
            '--log-level',
            'warn',
          ]),
        ),
      )
      instances = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
      const failed = started.find((s) => s.status === 'rejected')
      if (failed !== undefined) throw (failed as PromiseRejectedResult).reason
      token = await passwordToken(instances[0] as ServerProcess)
    })
    after(async () => {
      await Promise.all(instances.map((instance) => instance.kill()))
      await database?.drop()
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    })

    const via = (i: number) => instances[i % instances.length] as ServerProcess
    const call = async (i: number, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${via(i).url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await response.text()
      return {
        status: response.status,
        text,
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
        body: (text === '' ? undefined : JSON.parse(text)) as any,
      }
    }
    const created = async (i: number, path: string, body: unknown): Promise<string> => {
      const response = await call(i, 'POST', path, body)
      assert.equal(response.status, 201, response.text)
      return response.body.id as string
    }
    const ids = async (path: string) =>
      ((await call(0, 'GET', path)).body.value as Array<{ id: string }>).map((x) => x.id).sort()
    const registerConnector = async (i: number) => {
      const response = await fetch(`${via(i).url}/_admin/connectors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-key': ADMIN_KEY },
        body: JSON.stringify({
          machineName: `c${Date.now()}.contoso.com`,
          externalIp: '203.0.113.7',
        }),
      })
      assert.equal(response.status, 201)
      return ((await response.json()) as { id: string }).id
    }
    const moveTo = (i: number, connectorId: string, groupId: string) =>
      call(i, 'POST', `${P}/connectors/${connectorId}/memberOf/$ref`, {
        '@odata.id': `${GRAPH}/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${groupId}`,
      })
    const newUser = (i: number, name: string) =>
      created(i, '/v1.0/users', {
        accountEnabled: true,
        displayName: name,
        mailNickname: name,
        userPrincipalName: `${name}-${Date.now()}@contoso.onmicrosoft.com`,
        passwordProfile: { password: 'P@ssw0rd-123456', forceChangePasswordNextSignIn: false },
      })
    const newGroup = (i: number, name: string) =>
      created(i, '/v1.0/groups', {
        displayName: name,
        mailNickname: name,
        mailEnabled: false,
        securityEnabled: true,
      })

    test('started together on an empty database, the instances share one tenant and one identity', () => {
      const [first, ...others] = instances as [ServerProcess, ...ServerProcess[]]
      for (const other of others) {
        assert.equal(other.tenantId, first.tenantId)
        assert.equal(other.app.clientId, first.app.clientId)
        assert.equal(other.admin.password, first.admin.password)
      }
    })

    test('a token issued by one instance names the public URL and is accepted by every instance', async () => {
      const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString())
      assert.equal(payload.iss, `${PUBLIC_URL}/${via(0).tenantId}/`)
      const answers = await Promise.all([0, 1, 2].map((i) => call(i, 'GET', '/v1.0/me')))
      assert.deepEqual(
        answers.map((a) => [a.status, a.body.userPrincipalName]),
        answers.map(() => [200, via(0).admin.userPrincipalName]),
      )
      // And the other way round: the third instance's token at the first.
      const third = await passwordToken(via(2))
      const response = await fetch(`${via(0).url}/v1.0/me`, {
        headers: { authorization: `Bearer ${third}` },
      })
      assert.equal(response.status, 200)
    })

    test('60 moves of one connector through three instances all answer 204; it ends in exactly one group', async () => {
      const connector = await registerConnector(0)
      const groups = [
        await created(1, `${P}/connectorGroups`, { name: 'Ping' }),
        await created(2, `${P}/connectorGroups`, { name: 'Pong' }),
      ]
      const responses = await Promise.all(
        Array.from({ length: 60 }, (_, i) => moveTo(i, connector, groups[i % 2] as string)),
      )
      const failed = responses.find((r) => r.status !== 204)
      assert.equal(failed, undefined, failed?.text)
      const memberOf = await ids(`${P}/connectors/${connector}/memberOf`)
      assert.equal(memberOf.length, 1)
      const members = [
        ...(await ids(`${P}/connectorGroups/${groups[0]}/members`)),
        ...(await ids(`${P}/connectorGroups/${groups[1]}/members`)),
      ]
      assert.deepEqual(members, [connector])
    })

    test('30 identical members/$ref adds through three instances: one 204, 29 Request_BadRequest, listed once', async () => {
      const group = await newGroup(0, 'Duplicates')
      const user = await newUser(1, 'dup')
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          call(i, 'POST', `/v1.0/groups/${group}/members/$ref`, {
            '@odata.id': `${GRAPH}/v1.0/directoryObjects/${user}`,
          }),
        ),
      )
      assert.equal(responses.filter((r) => r.status === 204).length, 1)
      const refused = responses.filter((r) => r.status !== 204)
      assert.deepEqual(
        refused.map((r) => [r.status, r.body?.error?.code]),
        refused.map(() => [400, 'Request_BadRequest']),
      )
      assert.deepEqual(await ids(`/v1.0/groups/${group}/members`), [user])
    })

    test('DELETE of a connector group racing a move into it on another instance: one wins cleanly', async () => {
      for (let round = 0; round < 6; round++) {
        const group = await created(round, `${P}/connectorGroups`, { name: `Doomed ${round}` })
        const connector = await registerConnector(round)
        const [remove, move] = await Promise.all([
          call(round, 'DELETE', `${P}/connectorGroups/${group}`),
          moveTo(round + 1, connector, group),
        ])
        const memberOf = await ids(`${P}/connectors/${connector}/memberOf`)
        assert.equal(memberOf.length, 1, 'the connector is in exactly one group')
        const read = await call(round + 2, 'GET', `${P}/connectorGroups/${group}`)
        if (remove.status === 204) {
          assert.equal(move.status, 404, move.text)
          assert.equal(read.status, 404)
          assert.notEqual(memberOf[0], group)
        } else {
          assert.equal(remove.status, 400, remove.text)
          assert.equal(move.status, 204, move.text)
          assert.equal(read.status, 200)
          assert.deepEqual(memberOf, [group])
        }
      }
    })

    test('DELETE of a user racing its addition to a group on another instance never leaves it a member', async () => {
      for (let round = 0; round < 6; round++) {
        const group = await newGroup(round, `Race ${round}`)
        const user = await newUser(round + 1, `race${round}`)
        const [remove, add] = await Promise.all([
          call(round, 'DELETE', `/v1.0/users/${user}`),
          call(round + 1, 'POST', `/v1.0/groups/${group}/members/$ref`, {
            '@odata.id': `${GRAPH}/v1.0/directoryObjects/${user}`,
          }),
        ])
        assert.equal(remove.status, 204, remove.text)
        assert.ok([204, 404].includes(add.status), add.text)
        assert.deepEqual(await ids(`/v1.0/groups/${group}/members`), [])
        assert.equal((await call(round + 2, 'GET', `/v1.0/users/${user}`)).status, 404)
      }
    })

    test('a group created on one instance and deleted on another at once: gone everywhere, no 5xx', async () => {
      for (let round = 0; round < 6; round++) {
        const name = `Churn ${round}`
        const groupId = await newGroup(round, name)
        const [remove, patch] = await Promise.all([
          call(round + 1, 'DELETE', `/v1.0/groups/${groupId}`),
          call(round + 2, 'PATCH', `/v1.0/groups/${groupId}`, { description: 'late edit' }),
        ])
        assert.equal(remove.status, 204, remove.text)
        assert.ok([204, 404].includes(patch.status), patch.text)
        const reads = await Promise.all(
          [0, 1, 2].map((i) => call(i, 'GET', `/v1.0/groups/${groupId}`)),
        )
        assert.deepEqual(
          reads.map((r) => r.status),
          [404, 404, 404],
        )
      }
    })
  },
)
