// `graph-appproxy export` / `import` (issue #6): a tenant built through the API on one backend,
// exported by the CLI and imported by the CLI into a fresh database of the other backend, answers
// the same Graph reads there, and the import refuses to overwrite it unless told to.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { exportTenant } from '../../src/domain/tenant-export.js'
import type { TenantExport } from '../../src/domain/tenant-export.js'
import { BACKENDS } from '../support/backends.js'
import type { Backend } from '../support/backends.js'
import { createTestDatabase } from '../support/postgres-databases.js'
import type { TestDatabase } from '../support/postgres-databases.js'
import { runCli } from '../support/server-process.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
const GRAPH = 'https://graph.microsoft.com'

// Into each backend, from the other one when both are chosen (SQLite → PostgreSQL and back).
for (const target of BACKENDS) {
  const source: Backend = BACKENDS.find((b) => b !== target) ?? target
  describe(`export from ${source}, import into ${target}`, () => {
    const domain = `fabrikam-${randomUUID().slice(0, 8)}.onmicrosoft.com`
    let dir: string
    let from: TestServer
    let to: TestServer
    let targetDatabase: TestDatabase | undefined
    let targetUrl: string
    let tenantId: string
    let file: string
    const auth = new Map<TestServer, Record<string, string>>()
    const made: Record<string, string> = {}

    const call = async (server: TestServer, method: string, path: string, body?: unknown) => {
      const response = await server.call(method, path, body, auth.get(server))
      assert.ok(response.status < 300, `${method} ${path}: ${response.text}`)
      return response.body
    }

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-export-'))
      file = join(dir, 'tenant.json')
      from = await startTestServer({ backend: source })
      tenantId = await from.createTenant({ displayName: 'Fabrikam', defaultDomain: domain })
      auth.set(from, { authorization: `Bearer ${await from.tokenFor({ tenantId })}` })
      await buildTenant()
      // The target serves its own development tenant; the imported one comes beside it.
      targetDatabase = target === 'postgres' ? await createTestDatabase() : undefined
      targetUrl = targetDatabase?.url ?? join(dir, 'target.db')
      to = await startTestServer({ backend: target, config: { dbUrl: targetUrl } })
      auth.set(to, { authorization: `Bearer ${await to.tokenFor({ tenantId })}` })
    })
    after(async () => {
      await to?.close()
      await from?.close()
      await targetDatabase?.drop()
      rmSync(dir, { recursive: true, force: true })
    })

    /** Connector groups with moved connectors, users, nested groups, a published application, a deleted user. */
    async function buildTenant() {
      made.berlin = (
        await call(from, 'POST', `${P}/connectorGroups`, { name: 'Berlin', region: 'eur' })
      ).id
      made.ohio = (
        await call(from, 'POST', `${P}/connectorGroups`, { name: 'Ohio', region: 'nam' })
      ).id
      const connectors: string[] = []
      for (const n of [1, 2, 3]) {
        const registered = await from.call(
          'POST',
          '/_admin/connectors',
          { tenantId, machineName: `conn${n}.fabrikam.com`, externalIp: `203.0.113.${n}` },
          { 'x-admin-key': from.adminKey },
        )
        connectors.push(registered.body.id)
      }
      const move = (connector: string | undefined, group: string | undefined) =>
        call(from, 'POST', `${P}/connectors/${connector}/memberOf/$ref`, {
          '@odata.id': `${GRAPH}/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${group}`,
        })
      await move(connectors[0], made.berlin)
      await move(connectors[1], made.ohio)
      for (const name of ['alice', 'bob', 'carol']) {
        made[name] = (
          await call(from, 'POST', '/v1.0/users', {
            accountEnabled: true,
            displayName: name,
            mailNickname: name,
            userPrincipalName: `${name}@${domain}`,
            jobTitle: name === 'alice' ? 'Engineer' : null,
            passwordProfile: { password: 'P@ssw0rd-123456', forceChangePasswordNextSignIn: false },
          })
        ).id
      }
      for (const name of ['outer', 'inner']) {
        made[name] = (
          await call(from, 'POST', '/v1.0/groups', {
            displayName: name,
            mailNickname: name,
            mailEnabled: false,
            securityEnabled: true,
          })
        ).id
      }
      const add = (group: string | undefined, member: string | undefined) =>
        call(from, 'POST', `/v1.0/groups/${group}/members/$ref`, {
          '@odata.id': `${GRAPH}/v1.0/directoryObjects/${member}`,
        })
      await add(made.outer, made.inner)
      await add(made.outer, made.alice)
      await add(made.inner, made.bob)
      made.app = (await call(from, 'POST', '/v1.0/applications', { displayName: 'Intranet' })).id
      await call(from, 'PATCH', `/beta/applications/${made.app}`, {
        onPremisesPublishing: {
          internalUrl: 'https://intranet.fabrikam.local',
          externalUrl: 'https://intranet-fabrikam.msappproxy.net',
          externalAuthenticationType: 'aadPreAuthentication',
        },
      })
      await call(from, 'PUT', `/beta/applications/${made.app}/connectorGroup/$ref`, {
        '@odata.id': `${GRAPH}/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${made.berlin}`,
      })
      await call(from, 'DELETE', `/v1.0/users/${made.carol}`)
    }

    const reads = () => [
      `${P}/connectorGroups?$orderby=name`,
      `${P}/connectors?$expand=memberOf`,
      `${P}/connectorGroups/${made.berlin}/members`,
      `${P}/connectorGroups/${made.berlin}/applications`,
      '/v1.0/users?$select=id,displayName,userPrincipalName,jobTitle,accountEnabled,createdDateTime',
      '/v1.0/groups',
      `/v1.0/groups/${made.outer}/members`,
      `/v1.0/groups/${made.outer}/transitiveMembers`,
      `/v1.0/users/${made.bob}/transitiveMemberOf`,
      '/v1.0/applications',
      `/beta/applications/${made.app}`,
      `/beta/applications/${made.app}/connectorGroup`,
      '/v1.0/directory/deletedItems/microsoft.graph.user',
    ]
    const answer = async (server: TestServer, path: string) =>
      JSON.parse(JSON.stringify(await call(server, 'GET', path)).replaceAll(server.baseUrl, 'BASE'))

    const assertSameAnswers = async () => {
      for (const path of reads()) {
        const expected = await answer(from, path)
        // Every read was built to find something: an empty list would compare equal too easily.
        assert.notDeepEqual(expected.value, [], path)
        assert.deepEqual(await answer(to, path), expected, path)
      }
    }

    test('export writes the tenant, import loads it into an empty database in one go', async () => {
      const exported = await runCli([
        'export',
        '--tenant',
        domain,
        '--out',
        file,
        '--db-url',
        from.dbUrl,
      ])
      assert.equal(exported.code, 0, exported.stderr)
      const data = JSON.parse(readFileSync(file, 'utf8')) as TenantExport
      assert.equal(data.tenant.id, tenantId)
      assert.equal(data.tables.connectors.length, 3)
      assert.ok(data.tables.users.every((u) => typeof u.passwordHash === 'string'))

      const imported = await runCli(['import', file, '--db-url', targetUrl])
      assert.equal(imported.code, 0, imported.stderr)
      assert.equal(JSON.parse(imported.stdout).rows.members, 3)
      // Read back, the target holds exactly the rows of the file: hashes, dates, JSON values.
      const again = await exportTenant({ store: to.store, now: () => new Date() }, tenantId)
      assert.deepEqual({ ...again, exportedDateTime: '' }, { ...data, exportedDateTime: '' })
    })

    test('the imported tenant answers every read as the original does', async () => {
      await assertSameAnswers()
    })

    test('import refuses a tenant that exists, changing nothing; --replace swaps it whole', async () => {
      await call(to, 'POST', `${P}/connectorGroups`, { name: 'Only on the target' })
      const groupsBefore = await answer(to, `${P}/connectorGroups`)
      const refused = await runCli(['import', file, '--db-url', targetUrl])
      assert.equal(refused.code, 1)
      assert.match(refused.stderr, /already exists in this database; pass --replace/)
      assert.deepEqual(await answer(to, `${P}/connectorGroups`), groupsBefore)

      const replaced = await runCli(['import', file, '--db-url', targetUrl, '--replace'])
      assert.equal(replaced.code, 0, replaced.stderr)
      assert.equal(JSON.parse(replaced.stdout).replaced, true)
      await assertSameAnswers()
    })
  })
}
