// Applications and their App Proxy connector group (spec §3.4, §3.5): the tutorial's end-to-end
// flow, the assignment rules, and what a group with applications may no longer do.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
const PUBLISHING = {
  onPremisesPublishing: {
    internalUrl: 'https://intranet.contoso.local',
    externalUrl: 'https://intranet-contoso.msappproxy.net',
    externalAuthenticationType: 'aadPreAuthentication',
    isTranslateHostHeaderEnabled: true,
  },
}

for (const backend of BACKENDS)
  describe(`applications and connector groups [${backend}]`, () => {
    let server: TestServer
    let defaultGroup: string
    before(async () => {
      server = await startTestServer({ backend })
      defaultGroup = (await server.call('GET', `${P}/connectorGroups?$filter=isDefault eq true`))
        .body.value[0].id
    })
    after(() => server.close())

    const newApp = async (publishing = true) => {
      const created = await server.call('POST', '/v1.0/applications', { displayName: 'Intranet' })
      assert.equal(created.status, 201, created.text)
      if (publishing)
        assert.equal(
          (await server.call('PATCH', `/beta/applications/${created.body.id}`, PUBLISHING)).status,
          204,
        )
      return created.body.id as string
    }
    const groupOf = async (appId: string) =>
      server.call('GET', `/beta/applications/${appId}/connectorGroup`)
    const assign = (
      appId: string,
      groupId: string,
      form = `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${groupId}`,
    ) =>
      server.call('PUT', `/beta/applications/${appId}/connectorGroup/$ref`, { '@odata.id': form })

    test('the tutorial flow: publish, create a group, move a connector, assign, clean up', async () => {
      const appId = await newApp()
      const connector = await server.registerConnector()
      const group = (await server.call('POST', `${P}/connectorGroups`, { name: 'Tutorial' })).body
        .id
      assert.equal(
        (
          await server.call('POST', `${P}/connectors/${connector.id}/memberOf/$ref`, {
            '@odata.id': `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${group}`,
          })
        ).status,
        204,
      )
      // TUT 2020 and D-APP-CG write the @odata.id without a version and with the lower-case key.
      assert.equal(
        (
          await assign(
            appId,
            group,
            `https://graph.microsoft.com/onPremisesPublishingProfiles/applicationproxy/connectorGroups/${group}`,
          )
        ).status,
        204,
      )
      assert.equal((await groupOf(appId)).body.id, group)
      const apps = await server.call('GET', `${P}/connectorGroups/${group}/applications`)
      assert.deepEqual(
        apps.body.value.map((a: { id: string }) => a.id),
        [appId],
      )
      assert.equal((await server.call('DELETE', `/v1.0/applications/${appId}`)).status, 204)
      assert.equal(
        (
          await server.call('POST', `${P}/connectorGroups/${defaultGroup}/members/$ref`, {
            '@odata.id': `/beta/connectors/${connector.id}`,
          })
        ).status,
        204,
      )
      assert.equal((await server.call('DELETE', `${P}/connectorGroups/${group}`)).status, 204)
    })

    test('an application gets the default group once it publishes; DELETE $ref returns it there', async () => {
      const appId = await newApp()
      assert.equal((await groupOf(appId)).body.id, defaultGroup)
      const group = (await server.call('POST', `${P}/connectorGroups`, { name: 'Explicit' })).body
        .id
      assert.equal((await assign(appId, group)).status, 204)
      assert.equal(
        (await server.call('DELETE', `/beta/applications/${appId}/connectorGroup/$ref`)).status,
        204,
      )
      assert.equal((await groupOf(appId)).body.id, defaultGroup)
      const again = await server.call('DELETE', `/beta/applications/${appId}/connectorGroup/$ref`)
      assert.equal(again.status, 400)
      assert.equal((await groupOf(appId)).body.id, defaultGroup)
    })

    test('an application without on-premises publishing answers Application_NotFound and keeps no group', async () => {
      const appId = await newApp(false)
      const group = (await server.call('POST', `${P}/connectorGroups`, { name: 'Nope' })).body.id
      const response = await assign(appId, group)
      assert.equal(response.status, 404)
      assert.equal(response.body.error.code, 'Application_NotFound')
      assert.equal((await groupOf(appId)).body.error.code, 'Application_NotFound')
      assert.deepEqual(
        (await server.call('GET', `${P}/connectorGroups/${group}/applications`)).body.value,
        [],
      )
    })

    test('a group with applications keeps its region and cannot be deleted', async () => {
      const appId = await newApp()
      const group = (
        await server.call('POST', `${P}/connectorGroups`, { name: 'Busy', region: 'eur' })
      ).body.id
      assert.equal((await assign(appId, group)).status, 204)
      assert.equal(
        (await server.call('PATCH', `${P}/connectorGroups/${group}`, { region: 'nam' })).status,
        400,
      )
      assert.equal((await server.call('DELETE', `${P}/connectorGroups/${group}`)).status, 400)
      assert.equal((await server.call('GET', `${P}/connectorGroups/${group}`)).body.region, 'eur')
    })

    test('assignment errors: unknown group 404, a user @odata.id 400, bad app id 400, unknown app 404', async () => {
      const appId = await newApp()
      assert.equal((await assign(appId, '00000000-0000-0000-0000-0000000000c1')).status, 404)
      assert.equal(
        (
          await assign(
            appId,
            'x',
            'https://graph.microsoft.com/v1.0/users/00000000-0000-0000-0000-0000000000c1',
          )
        ).status,
        400,
      )
      assert.equal((await assign('not-a-guid', defaultGroup)).status, 400)
      assert.equal((await assign('00000000-0000-0000-0000-0000000000c2', defaultGroup)).status, 404)
      assert.equal((await groupOf(appId)).body.id, defaultGroup)
    })

    test('onPremisesPublishing and connectorGroup are beta only', async () => {
      const appId = await newApp()
      const v1 = await server.call('GET', `/v1.0/applications/${appId}`)
      assert.equal(v1.body.onPremisesPublishing, undefined)
      const beta = await server.call('GET', `/beta/applications/${appId}`)
      assert.equal(beta.body.onPremisesPublishing.internalUrl, 'https://intranet.contoso.local')
      const refused = await server.call('PATCH', `/v1.0/applications/${appId}`, PUBLISHING)
      assert.equal(refused.status, 400)
      const route = await server.call('GET', `/v1.0/applications/${appId}/connectorGroup`)
      assert.equal(route.status, 400)
      assert.equal(route.body.error.code, 'BadRequest')
    })

    test('PATCH of onPremisesPublishing merges into what is stored', async () => {
      const appId = await newApp()
      await server.call('PATCH', `/beta/applications/${appId}`, {
        onPremisesPublishing: { isTranslateLinksInBodyEnabled: true },
      })
      const app = (await server.call('GET', `/beta/applications/${appId}`)).body
      assert.equal(app.onPremisesPublishing.internalUrl, 'https://intranet.contoso.local')
      assert.equal(app.onPremisesPublishing.isTranslateLinksInBodyEnabled, true)
    })
  })
