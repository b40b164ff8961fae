// @microsoft/microsoft-graph-client over HTTPS with customHosts: the token goes with every request,
// and Graph's errors (401 for a malformed token, 403 without the permission, 404 across tenants) reach
// the caller as GraphErrors with Graph's codes.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Client } from '@microsoft/microsoft-graph-client'
import { BACKENDS } from '../support/backends.js'
import { startHttpsTestServer } from '../support/https-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/onPremisesPublishingProfiles/applicationProxy'

for (const backend of BACKENDS)
  describe(`@microsoft/microsoft-graph-client [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startHttpsTestServer(backend)
    })
    after(() => server.close())

    const client = (token: string) =>
      Client.init({
        authProvider: (done) => done(null, token),
        baseUrl: server.baseUrl,
        defaultVersion: 'beta',
        customHosts: new Set([new URL(server.baseUrl).hostname]),
      })
    const refusal =
      (status: number, code: string) => (error: { statusCode?: number; code?: string }) => {
        assert.equal(error.statusCode, status)
        assert.equal(error.code, code)
        return true
      }

    test('creates, moves into, updates and deletes a connector group with a delegated token', async () => {
      const graph = client(await server.tokenFor({ scopes: ['Directory.ReadWrite.All'] }))
      const connector = await server.registerConnector()
      const group = await graph.api(`${P}/connectorGroups`).post({ name: 'Graph client group' })
      await graph
        .api(`${P}/connectors/${connector.id}/memberOf/$ref`)
        .post({ '@odata.id': `${server.baseUrl}/beta${P}/connectorGroups/${group.id}` })
      const memberOf = await graph.api(`${P}/connectors/${connector.id}/memberOf`).get()
      assert.equal(memberOf.value[0].id, group.id)
      await graph.api(`${P}/connectorGroups/${group.id}`).patch({ name: 'Renamed' })
      assert.equal((await graph.api(`${P}/connectorGroups/${group.id}`).get()).name, 'Renamed')
      const defaultGroup = (
        await graph.api(`${P}/connectorGroups`).filter('isDefault eq true').get()
      ).value[0]
      await graph
        .api(`${P}/connectors/${connector.id}/memberOf/$ref`)
        .post({ '@odata.id': `${server.baseUrl}/beta${P}/connectorGroups/${defaultGroup.id}` })
      await graph.api(`${P}/connectorGroups/${group.id}`).delete()
      await assert.rejects(
        graph.api(`${P}/connectorGroups/${group.id}`).get(),
        refusal(404, 'Request_ResourceNotFound'),
      )
    })

    test('errors arrive as GraphErrors: 401 for a malformed token, 403 without the permission, 404 in another tenant', async () => {
      await assert.rejects(
        client('not-a-token').api(`${P}/connectorGroups`).get(),
        refusal(401, 'InvalidAuthenticationToken'),
      )
      const weak = client(await server.tokenFor({ scopes: ['User.Read'] }))
      await assert.rejects(
        weak.api(`${P}/connectorGroups`).post({ name: 'x' }),
        refusal(403, 'Authorization_RequestDenied'),
      )
      const group = await client(await server.tokenFor())
        .api(`${P}/connectorGroups`)
        .post({ name: 'Tenant A only' })
      const other = client(await server.tokenFor({ tenantId: await server.createTenant() }))
      await assert.rejects(
        other.api(`${P}/connectorGroups/${group.id}`).get(),
        refusal(404, 'Request_ResourceNotFound'),
      )
    })
  })
