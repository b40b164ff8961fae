// @azure/msal-node against the built-in identity platform over HTTPS, changing only the authority
// (and knownAuthorities, so MSAL skips instance discovery at login.microsoftonline.com): client
// credentials and username/password, and the Graph client using the tokens to create a connector
// group and move a connector into it (issue #3, tests that must exist).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node'
import { Client } from '@microsoft/microsoft-graph-client'
import { BACKENDS } from '../support/backends.js'
import { hostOf, startHttpsTestServer } from '../support/https-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/onPremisesPublishingProfiles/applicationProxy'

export function graphClient(server: TestServer, accessToken: string): Client {
  return Client.init({
    authProvider: (done) => done(null, accessToken),
    baseUrl: server.baseUrl,
    defaultVersion: 'beta',
    // The Graph client only sends the token to Graph's own hosts and these (hostnames, no port).
    customHosts: new Set([new URL(server.baseUrl).hostname]),
  })
}

for (const backend of BACKENDS)
  describe(`@azure/msal-node [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startHttpsTestServer(backend)
    })
    after(() => server.close())

    test('ConfidentialClientApplication gets an app-only token by client credentials and creates a connector group', async () => {
      const dev = server.running.developmentIdentity
      const cca = new ConfidentialClientApplication({
        auth: {
          clientId: dev.app.appId,
          clientSecret: dev.app.clientSecret,
          authority: `${server.baseUrl}/${dev.tenantId}`,
          knownAuthorities: [hostOf(server)],
        },
      })
      const result = await cca.acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      })
      assert.ok(result?.accessToken)
      const graph = graphClient(server, result.accessToken)
      const created = await graph.api(`${P}/connectorGroups`).post({ name: 'Created by MSAL app' })
      assert.equal(created.name, 'Created by MSAL app')
      const listed = await graph.api(`${P}/connectorGroups`).get()
      assert.ok(listed.value.some((g: { id: string }) => g.id === created.id))
    })

    test('PublicClientApplication gets a delegated token by username and password and moves a connector', async () => {
      const dev = server.running.developmentIdentity
      const pca = new PublicClientApplication({
        auth: {
          clientId: dev.app.appId,
          authority: `${server.baseUrl}/organizations`,
          knownAuthorities: [hostOf(server)],
        },
      })
      const result = await pca.acquireTokenByUsernamePassword({
        scopes: ['https://graph.microsoft.com/Directory.ReadWrite.All'],
        username: dev.admin.userPrincipalName,
        password: dev.admin.password,
      })
      assert.ok(result?.accessToken)
      assert.equal(result.account?.username, dev.admin.userPrincipalName)
      assert.equal(result.tenantId, dev.tenantId)

      const graph = graphClient(server, result.accessToken)
      const connector = await server.registerConnector()
      const group = await graph.api(`${P}/connectorGroups`).post({ name: 'Target of a move' })
      await graph.api(`${P}/connectors/${connector.id}/memberOf/$ref`).post({
        '@odata.id': `${server.baseUrl}/beta${P}/connectorGroups/${group.id}`,
      })
      const memberOf = await graph.api(`${P}/connectors/${connector.id}/memberOf`).get()
      assert.deepEqual(
        memberOf.value.map((g: { id: string }) => g.id),
        [group.id],
      )

      // The token is cached: a silent call answers from the cache without the password.
      const silent = await pca.acquireTokenSilent({
        account: result.account!,
        scopes: ['https://graph.microsoft.com/Directory.ReadWrite.All'],
      })
      assert.equal(silent.accessToken, result.accessToken)
    })

    test('an app-only token from MSAL is refused where the table has no application permission', async () => {
      const dev = server.running.developmentIdentity
      const cca = new ConfidentialClientApplication({
        auth: {
          clientId: dev.app.appId,
          clientSecret: dev.app.clientSecret,
          authority: `${server.baseUrl}/${dev.tenantId}`,
          knownAuthorities: [hostOf(server)],
        },
      })
      const result = await cca.acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      })
      await assert.rejects(
        graphClient(server, result!.accessToken).api(`${P}/connectors`).get(),
        (error: { statusCode?: number; code?: string }) => {
          assert.equal(error.statusCode, 403)
          assert.equal(error.code, 'Authorization_RequestDenied')
          return true
        },
      )
    })
  })
