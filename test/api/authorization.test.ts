// Permissions (issue #3 §3, spec §3.0): every Graph route declares its operation, a token without
// one of the operation's permissions gets 403 Authorization_RequestDenied and changes nothing,
// personal accounts and app-only tokens are refused where the table says, and the least-privilege
// report for a scripted client lists exactly what its calls needed.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { PERMISSIONS } from '../../src/auth/permissions.js'
import { PERSONAL_ACCOUNTS_TENANT_ID } from '../../src/auth/verify-token.js'
import { declaredGraphRoutes } from '../../src/http/plugins/authorize.js'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'

for (const backend of BACKENDS)
  describe(`authorization [${backend}]`, () => {
    let server: TestServer
    let groupId: string
    let connectorId: string
    before(async () => {
      server = await startTestServer({ backend })
      groupId = (await server.call('POST', `${P}/connectorGroups`, { name: 'Kept' })).body.id
      connectorId = (await server.registerConnector()).id
    })
    after(() => server.close())

    const state = async () => ({
      groups: (await server.call('GET', `${P}/connectorGroups?$orderby=id`)).body.value,
      connectorGroup: (await server.call('GET', `${P}/connectors/${connectorId}/memberOf`)).body
        .value,
    })
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
    const fill = (url: string) =>
      url
        .replace(/:id/g, groupId)
        .replace(/:connectorId/g, connectorId)
        .replace(/:[A-Za-z]+/g, randomUUID())

    test('every Graph route declares an operation of the permission table', () => {
      const routes = declaredGraphRoutes(server.running.app)
      assert.ok(routes.length > 10)
      for (const route of routes) assert.ok(Object.hasOwn(PERMISSIONS, route.operation), route.url)
    })

    test('a route without an operation is refused at start-up', async () => {
      const { default: Fastify } = await import('fastify')
      const { default: authorize } = await import('../../src/http/plugins/authorize.js')
      const { default: requestContext } = await import('../../src/http/plugins/request-context.js')
      const app = Fastify()
      await app.register(requestContext, {
        authenticate: () => Promise.reject(new Error('unused')),
      })
      await app.register(authorize, {
        permissions: PERMISSIONS,
        usage: server.running.identity.usage,
      })
      assert.throws(
        () => app.get('/beta/undeclared', async () => ({})),
        /declares no config\.operation/,
      )
      await app.close()
    })

    test('each operation answers 403 Authorization_RequestDenied to a token without its permission, and changes nothing', async () => {
      // A scope no operation accepts (User.Read unlocks /me, so it is not one).
      const weak = await server.tokenFor({ scopes: ['Calendars.Read'] })
      const before = await state()
      const routes = declaredGraphRoutes(server.running.app).filter((r) => r.method !== 'HEAD')
      for (const route of routes) {
        const body = ['POST', 'PATCH', 'PUT'].includes(route.method)
          ? { name: 'nope', '@odata.id': 'x' }
          : undefined
        const response = await server.call(route.method, fill(route.url), body, bearer(weak))
        assert.equal(response.status, 403, `${route.method} ${route.url}`)
        assert.equal(response.body.error.code, 'Authorization_RequestDenied')
        assert.equal(
          response.body.error.message,
          'Insufficient privileges to complete the operation.',
        )
      }
      assert.deepEqual(await state(), before)
    })

    test('each operation accepts the least privileged permission of its row', async () => {
      const routes = declaredGraphRoutes(server.running.app).filter((r) => r.method === 'GET')
      for (const route of routes) {
        const scope = PERMISSIONS[route.operation].delegated[0] ?? ''
        const response = await server.call(
          'GET',
          fill(route.url),
          undefined,
          bearer(await server.tokenFor({ scopes: [scope] })),
        )
        assert.notEqual(response.status, 403, `${route.url} with ${scope}`)
        assert.notEqual(response.status, 401)
      }
    })

    test('personal Microsoft accounts are refused on App Proxy operations (spec §3.0)', async () => {
      const token = await server.tokenFor({
        tenantId: PERSONAL_ACCOUNTS_TENANT_ID,
        scopes: ['Directory.ReadWrite.All'],
      })
      for (const path of [`${P}/connectorGroups`, `${P}/connectors`, P]) {
        const response = await server.call('GET', path, undefined, bearer(token))
        assert.equal(response.status, 403, path)
        assert.equal(response.body.error.code, 'Authorization_RequestDenied')
      }
    })

    test('app-only tokens are refused where the table has no application permission', async () => {
      const app = await server.tokenFor({ roles: ['Directory.ReadWrite.All'] })
      const before = await state()
      const refused: Array<[string, string, unknown?]> = [
        ['GET', `${P}/connectors`],
        ['GET', `${P}/connectors/${connectorId}`],
        ['GET', `${P}/connectorGroups/${groupId}/members`],
        [
          'POST',
          `${P}/connectors/${connectorId}/memberOf/$ref`,
          { '@odata.id': `${server.baseUrl}${P}/connectorGroups/${groupId}` },
        ],
      ]
      for (const [method, path, body] of refused) {
        const response = await server.call(method, path, body, bearer(app))
        assert.equal(response.status, 403, `${method} ${path}`)
      }
      assert.deepEqual(await state(), before)
      // Rows with an application permission take the app-only token.
      assert.equal(
        (await server.call('GET', `${P}/connectorGroups`, undefined, bearer(app))).status,
        200,
      )
      const created = await server.call(
        'POST',
        `${P}/connectorGroups`,
        { name: 'By an app' },
        bearer(app),
      )
      assert.equal(created.status, 201)
      // A delegated scope in `roles` is no application permission.
      const wrong = await server.tokenFor({ roles: ['User.Read'] })
      assert.equal(
        (await server.call('GET', `${P}/connectorGroups`, undefined, bearer(wrong))).status,
        403,
      )
    })

    test('the least-privilege report lists exactly the permissions a scripted client needed', async () => {
      const appId = randomUUID()
      const token = await server.tokenFor({
        appId,
        scopes: [
          'Directory.ReadWrite.All',
          'User.Read.All',
          'OnPremisesPublishingProfiles.ReadWrite.All',
        ],
      })
      await server.call('GET', `${P}/connectorGroups`, undefined, bearer(token))
      const created = await server.call(
        'POST',
        `${P}/connectorGroups`,
        { name: 'Scripted' },
        bearer(token),
      )
      await server.call(
        'POST',
        `${P}/connectors/${connectorId}/memberOf/$ref`,
        { '@odata.id': `${server.baseUrl}${P}/connectorGroups/${created.body.id}` },
        bearer(token),
      )
      await server.call(
        'POST',
        `${P}/connectors/${connectorId}/memberOf/$ref`,
        { '@odata.id': `${server.baseUrl}${P}/connectorGroups/${groupId}` },
        bearer(token),
      )

      const report = await server.call(
        'GET',
        `/_admin/permissions/report?tenantId=${server.tenantId}`,
        undefined,
        { 'x-admin-key': server.adminKey },
      )
      assert.equal(report.status, 200)
      const entry = report.body.value.find((e: { appId: string }) => e.appId === appId)
      assert.deepEqual(entry, {
        tenantId: server.tenantId,
        appId,
        kind: 'delegated',
        operations: ['connectorGroups.create', 'connectorGroups.list', 'connectors.memberOf.add'],
        leastPrivileged: ['OnPremisesPublishingProfiles.ReadWrite.All'],
        unused: ['User.Read.All'],
        removable: ['Directory.ReadWrite.All', 'User.Read.All'],
        uncoverable: [],
      })
    })
  })
