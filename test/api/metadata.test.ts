// $metadata and the service documents over HTTP: XML for the CSDL, each version with only what it
// has (spec §1), both answered without a token as Graph answers them.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
})

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed CSDL is walked loosely
function entityTypeNames(xml: string): any[] {
  assert.equal(XMLValidator.validate(xml), true)
  const schema = parser.parse(xml)['edmx:Edmx'][0]['edmx:DataServices'][0].Schema[0]
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return schema.EntityType.map((type: any) => type['@_Name'])
}

for (const backend of BACKENDS)
  describe(`$metadata and service documents [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    const versions: Array<[string, boolean]> = [
      ['beta', true],
      ['v1.0', false],
    ]
    for (const [version, hasAppProxy] of versions) {
      test(`GET /${version}/$metadata answers CSDL XML${hasAppProxy ? ' with' : ' without'} connectorGroup`, async () => {
        const response = await server.call('GET', `/${version}/$metadata`)
        assert.equal(response.status, 200)
        assert.equal(response.headers.get('content-type'), 'application/xml;charset=utf-8')
        assert.equal(response.headers.get('odata-version'), '4.0')
        const names = entityTypeNames(response.text)
        assert.ok(names.includes('application'))
        assert.equal(names.includes('connectorGroup'), hasAppProxy)
        assert.equal(names.includes('onPremisesPublishingProfile'), hasAppProxy)
      })

      test(`GET /${version}/ lists the entity sets and the me singleton`, async () => {
        for (const path of [`/${version}/`, `/${version}`]) {
          const response = await server.call('GET', path)
          assert.equal(response.status, 200, path)
          assert.equal(response.body['@odata.context'], `${server.baseUrl}/${version}/$metadata`)
          const value = response.body.value as Array<{ name: string; kind: string; url: string }>
          assert.deepEqual(
            value.find((entry) => entry.name === 'applications'),
            { name: 'applications', kind: 'EntitySet', url: 'applications' },
          )
          assert.deepEqual(
            value.find((entry) => entry.kind === 'Singleton'),
            { name: 'me', kind: 'Singleton', url: 'me' },
          )
          assert.equal(
            value.some((entry) => entry.name === 'onPremisesPublishingProfiles'),
            hasAppProxy,
          )
        }
      })
    }

    test('%24metadata is $metadata', async () => {
      const response = await server.call('GET', '/beta/%24metadata')
      assert.equal(response.status, 200)
      assert.ok(entityTypeNames(response.text).includes('connector'))
    })

    test('$metadata and the service document need no token', async () => {
      // Plain fetch with no Authorization header, whatever the test client adds by default.
      for (const path of ['/v1.0/$metadata', '/beta/$metadata', '/v1.0/', '/beta']) {
        const response = await fetch(`${server.baseUrl}${path}`)
        assert.equal(response.status, 200, path)
        await response.arrayBuffer()
      }
    })

    test('a path below $metadata is still an unknown segment', async () => {
      const response = await server.call('GET', '/v1.0/$metadata/widgets')
      assert.equal(response.status, 400)
      assert.equal(response.body.error.message, "Resource not found for the segment 'widgets'.")
    })
  })
