// @azure/identity against the built-in identity platform over HTTPS: ClientSecretCredential with
// authorityHost and disableInstanceDiscovery, handed to the Graph client through its
// TokenCredentialAuthenticationProvider, creates a connector group (issue #3, tests that must exist).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ClientSecretCredential, UsernamePasswordCredential } from '@azure/identity'
import { Client } from '@microsoft/microsoft-graph-client'
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js'
import { BACKENDS } from '../support/backends.js'
import { startHttpsTestServer } from '../support/https-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/onPremisesPublishingProfiles/applicationProxy'

for (const backend of BACKENDS)
  describe(`@azure/identity [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startHttpsTestServer(backend)
    })
    after(() => server.close())

    const clientFor = (
      credential: ClientSecretCredential | UsernamePasswordCredential,
      scopes: string[],
    ) =>
      Client.initWithMiddleware({
        authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes }),
        baseUrl: server.baseUrl,
        defaultVersion: 'beta',
        customHosts: new Set([new URL(server.baseUrl).hostname]),
      })

    test('ClientSecretCredential gets a token and the Graph client creates a connector group with it', async () => {
      const dev = server.running.developmentIdentity
      const credential = new ClientSecretCredential(
        dev.tenantId,
        dev.app.appId,
        dev.app.clientSecret,
        {
          authorityHost: server.baseUrl,
          disableInstanceDiscovery: true,
        },
      )
      const token = await credential.getToken('https://graph.microsoft.com/.default')
      assert.ok(token.token.length > 100)
      const graph = clientFor(credential, ['https://graph.microsoft.com/.default'])
      const created = await graph
        .api(`${P}/connectorGroups`)
        .post({ name: 'Created through @azure/identity', region: 'eur' })
      assert.equal(created.region, 'eur')
      const read = await graph.api(`${P}/connectorGroups/${created.id}`).get()
      assert.equal(read.name, 'Created through @azure/identity')
    })

    test('ClientSecretCredential with a wrong secret fails with the AADSTS code', async () => {
      const dev = server.running.developmentIdentity
      const credential = new ClientSecretCredential(dev.tenantId, dev.app.appId, 'wrong', {
        authorityHost: server.baseUrl,
        disableInstanceDiscovery: true,
      })
      await assert.rejects(
        credential.getToken('https://graph.microsoft.com/.default'),
        /AADSTS7000215/,
      )
    })

    test('UsernamePasswordCredential gets a delegated token that moves a connector', async () => {
      const dev = server.running.developmentIdentity
      const credential = new UsernamePasswordCredential(
        dev.tenantId,
        dev.app.appId,
        dev.admin.userPrincipalName,
        dev.admin.password,
        {
          authorityHost: server.baseUrl,
          disableInstanceDiscovery: true,
        },
      )
      const graph = clientFor(credential, ['https://graph.microsoft.com/Directory.ReadWrite.All'])
      const connector = await server.registerConnector()
      const group = await graph.api(`${P}/connectorGroups`).post({ name: 'Moved here by a user' })
      await graph.api(`${P}/connectorGroups/${group.id}/members/$ref`).post({
        '@odata.id': `${server.baseUrl}/beta${P}/connectors/${connector.id}`,
      })
      const members = await graph.api(`${P}/connectorGroups/${group.id}/members`).get()
      assert.deepEqual(
        members.value.map((c: { id: string }) => c.id),
        [connector.id],
      )
    })
  })
