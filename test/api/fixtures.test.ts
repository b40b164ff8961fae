// Fixtures and the identity CLI (issue #3 §5): fixtures upserted by id (twice changes nothing),
// checked against docs/fixtures.schema.json, their users and apps able to sign in; the development
// identity; `graph-appproxy token`, `fixtures load` and `permissions report` on the same database.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { after, before, describe, test } from 'node:test'
import { decodeJwt } from 'jose'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
const run = promisify(execFile)
const TENANT = 'f1f1f1f1-0000-4000-8000-000000000001'
const USER = 'f1f1f1f1-0000-4000-8000-0000000000aa'
const APP = 'f1f1f1f1-0000-4000-8000-0000000000bb'
const GROUP = 'f1f1f1f1-0000-4000-8000-0000000000cc'
const CONNECTOR = 'f1f1f1f1-0000-4000-8000-0000000000dd'

const FIXTURES = {
  tenants: [
    {
      id: TENANT,
      domain: 'fabrikam.onmicrosoft.com',
      region: 'eur',
      users: [
        {
          id: USER,
          userPrincipalName: 'adele@fabrikam.onmicrosoft.com',
          password: 'Pa55-word!',
          displayName: 'Adele Vance',
        },
      ],
      appRegistrations: [
        {
          appId: APP,
          displayName: 'Automation',
          clientSecret: 'app-secret-1',
          applicationRoles: ['Directory.ReadWrite.All'],
          delegatedScopes: ['Directory.ReadWrite.All'],
          isPublicClient: true,
        },
      ],
      connectorGroups: [{ id: GROUP, name: 'Frankfurt' }],
      connectors: [
        {
          id: CONNECTOR,
          machineName: 'fra1.fabrikam.com',
          externalIp: '198.51.100.7',
          connectorGroupId: GROUP,
        },
      ],
    },
  ],
}

for (const backend of BACKENDS)
  describe(`fixtures and identity CLI [${backend}]`, () => {
    let server: TestServer
    let file: string
    let dir: string
    before(async () => {
      server = await startTestServer({ backend })
      dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-fixtures-'))
      file = join(dir, 'fixtures.json')
    })
    after(async () => {
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    })

    const admin = (method: string, path: string, body?: unknown) =>
      server.call(method, `/_admin${path}`, body, { 'x-admin-key': server.adminKey })
    const cli = (...args: string[]) =>
      run(process.execPath, ['bin/graph-appproxy.js', ...args, '--db-url', server.dbUrl])
    const tokenFor = (fields: Record<string, string>) =>
      fetch(`${server.baseUrl}/${TENANT}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      })
    const fabrikamState = async (auth: Record<string, string>) => ({
      groups: (await server.call('GET', `${P}/connectorGroups?$orderby=id`, undefined, auth)).body
        .value,
      connectors: (await server.call('GET', `${P}/connectors?$expand=memberOf`, undefined, auth))
        .body.value,
    })

    test('the development tenant has an admin user and an app with every permission', async () => {
      const dev = server.running.developmentIdentity
      assert.equal(dev.admin.userPrincipalName, 'admin@contoso.onmicrosoft.com')
      assert.equal(dev.tenantId, server.tenantId)
      const app = await server.store.read((tx) =>
        tx.appRegistrations.get(dev.tenantId, dev.app.appId),
      )
      assert.ok(app?.applicationRoles.includes('OnPremisesPublishingProfiles.ReadWrite.All'))
      assert.ok(app?.delegatedScopes.includes('Directory.AccessAsUser.All'))
      assert.equal(app?.secretHash?.startsWith('scrypt$'), true)
    })

    test('POST /_admin/fixtures upserts by id; loading twice changes nothing', async () => {
      const first = await admin('POST', '/fixtures', FIXTURES)
      assert.equal(first.status, 200)
      assert.deepEqual(first.body, {
        tenants: 1,
        users: 1,
        appRegistrations: 1,
        connectorGroups: 1,
        connectors: 1,
      })
      const auth = { authorization: `Bearer ${await server.tokenFor({ tenantId: TENANT })}` }
      const once = await fabrikamState(auth)
      assert.deepEqual(once.groups.map((g: { name: string }) => g.name).sort(), [
        'Default',
        'Frankfurt',
      ])
      assert.equal(once.connectors[0].memberOf[0].id, GROUP)
      assert.equal((await admin('POST', '/fixtures', FIXTURES)).status, 200)
      assert.deepEqual(await fabrikamState(auth), once)
    })

    test('fixture users and apps sign in with their passwords and secrets', async () => {
      const ropc = await tokenFor({
        grant_type: 'password',
        client_id: APP,
        username: 'adele@fabrikam.onmicrosoft.com',
        password: 'Pa55-word!',
        scope: 'Directory.ReadWrite.All',
      })
      assert.equal(ropc.status, 200)
      assert.equal(
        decodeJwt(((await ropc.json()) as { access_token: string }).access_token).tid,
        TENANT,
      )
      const app = await tokenFor({
        grant_type: 'client_credentials',
        client_id: APP,
        client_secret: 'app-secret-1',
        scope: 'https://graph.microsoft.com/.default',
      })
      assert.deepEqual(
        decodeJwt(((await app.json()) as { access_token: string }).access_token).roles,
        ['Directory.ReadWrite.All'],
      )
    })

    test('fixtures that break the schema are refused with every problem named, and nothing is written', async () => {
      const response = await admin('POST', '/fixtures', {
        tenants: [{ id: 'not-a-guid', domain: 'x.example', users: [{ id: USER }] }],
        extra: 1,
      })
      assert.equal(response.status, 400)
      for (const problem of [
        "$: unknown property 'extra'",
        '$.tenants[0].id',
        "$.tenants[0].users[0]: missing required property 'userPrincipalName'",
      ]) {
        assert.ok(response.body.error.message.includes(problem), problem)
      }
    })

    test('`graph-appproxy fixtures load` upserts the same file idempotently', async () => {
      writeFileSync(file, JSON.stringify(FIXTURES))
      const { stdout } = await cli('fixtures', 'load', file)
      assert.equal(JSON.parse(stdout).connectors, 1)
    })

    test('`graph-appproxy token` prints tokens the running server accepts', async () => {
      const delegated = (
        await cli(
          'token',
          '--tenant',
          'fabrikam.onmicrosoft.com',
          '--user',
          'adele@fabrikam.onmicrosoft.com',
          '--app',
          APP,
          '--public-url',
          server.baseUrl,
        )
      ).stdout.trim()
      assert.equal(decodeJwt(delegated).upn, 'adele@fabrikam.onmicrosoft.com')
      const response = await server.call('GET', `${P}/connectorGroups/${GROUP}`, undefined, {
        authorization: `Bearer ${delegated}`,
      })
      assert.equal(response.status, 200)
      const appOnly = (
        await cli(
          'token',
          '--tenant',
          TENANT,
          '--app',
          APP,
          '--scopes',
          'Directory.ReadWrite.All',
          '--public-url',
          server.baseUrl,
        )
      ).stdout.trim()
      assert.equal(
        (
          await server.call('GET', `${P}/connectorGroups`, undefined, {
            authorization: `Bearer ${appOnly}`,
          })
        ).status,
        200,
      )
      await assert.rejects(
        cli('token', '--tenant', TENANT, '--app', APP, '--scopes', 'Mail.Read'),
        /not granted Mail\.Read/,
      )
    })

    test('`graph-appproxy permissions report` shows what every instance recorded', async () => {
      await server.running.identity.usage.flush()
      const { stdout } = await cli('permissions', 'report', '--tenant', TENANT)
      const report = JSON.parse(stdout) as Array<{
        appId: string
        kind: string
        operations: string[]
      }>
      const app = report.find((e) => e.appId === APP && e.kind === 'application')
      assert.deepEqual(app?.operations, ['connectorGroups.list'])
    })
  })
