// Connectors come from registration, not from Graph (issue #2 §5): the admin API, its key,
// heartbeats and the inactive status, and the CLI against the same database.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
const run = promisify(execFile)

for (const backend of BACKENDS)
  describe(`connector registration [${backend}]`, () => {
    let server: TestServer
    let clock = new Date('2026-01-01T00:00:00Z')
    before(async () => {
      server = await startTestServer({
        backend,
        config: { connectorInactiveAfterSeconds: 600 },
        now: () => clock,
      })
    })
    after(() => server.close())

    const admin = (method: string, path: string, body?: unknown, key = server.adminKey) =>
      server.call(method, `/_admin${path}`, body, { 'x-admin-key': key })

    test('POST /_admin/connectors registers an active connector in the default group', async () => {
      const response = await admin('POST', '/connectors', {
        machineName: 'connA.contoso.com',
        externalIp: '203.0.113.7',
        version: '1.5.3437.0',
      })
      assert.equal(response.status, 201)
      const connector = await server.call('GET', `${P}/connectors/${response.body.id}`)
      assert.deepEqual(connector.body, {
        '@odata.context': `${server.baseUrl}/beta/$metadata#onPremisesPublishingProfiles('applicationProxy')/connectors/$entity`,
        id: response.body.id,
        machineName: 'connA.contoso.com',
        externalIp: '203.0.113.7',
        status: 'active',
        version: '1.5.3437.0',
      })
      const groups = await server.call('GET', `${P}/connectors/${response.body.id}/memberOf`)
      assert.equal(groups.body.value[0].isDefault, true)
    })

    test('the admin API refuses a missing or wrong key and registers nothing', async () => {
      const before = (await server.call('GET', `${P}/connectors`)).body.value.length
      for (const key of ['', 'wrong']) {
        const response = await admin(
          'POST',
          '/connectors',
          { machineName: 'x.contoso.com', externalIp: '203.0.113.8' },
          key,
        )
        assert.equal(response.status, 401)
        assert.equal(response.body.error.code, 'AdminKeyInvalid')
      }
      assert.equal((await server.call('GET', `${P}/connectors`)).body.value.length, before)
    })

    for (const [name, body] of [
      ['no machine name', { externalIp: '203.0.113.8' }],
      [
        'an external IP that is not an address',
        { machineName: 'x.contoso.com', externalIp: 'not-an-ip' },
      ],
      [
        'a version that is not one',
        { machineName: 'x.contoso.com', externalIp: '203.0.113.8', version: 'latest' },
      ],
      [
        'an unknown tenant',
        {
          machineName: 'x.contoso.com',
          externalIp: '203.0.113.8',
          tenantId: '00000000-0000-0000-0000-0000000000ee',
        },
      ],
    ] as const) {
      test(`registration with ${name} is refused and registers nothing`, async () => {
        const before = (await server.call('GET', `${P}/connectors`)).body.value.length
        const response = await admin('POST', '/connectors', body)
        assert.ok(response.status === 400 || response.status === 404, response.text)
        assert.equal(typeof response.body.error.code, 'string')
        assert.equal((await server.call('GET', `${P}/connectors`)).body.value.length, before)
      })
    }

    test('a connector not heard from for the configured time reads inactive until its next heartbeat', async () => {
      const { body } = await admin('POST', '/connectors', {
        machineName: 'sleepy.contoso.com',
        externalIp: '198.51.100.4',
      })
      clock = new Date(clock.getTime() + 601_000)
      assert.equal((await server.call('GET', `${P}/connectors/${body.id}`)).body.status, 'inactive')
      const heartbeat = await admin('POST', `/connectors/${body.id}/heartbeat`)
      assert.equal(heartbeat.status, 204)
      assert.equal((await server.call('GET', `${P}/connectors/${body.id}`)).body.status, 'active')
      const unknown = await admin(
        'POST',
        '/connectors/00000000-0000-0000-0000-0000000000dd/heartbeat',
      )
      assert.equal(unknown.status, 404)
    })
  })

describe('graph-appproxy connectors register (CLI)', () => {
  let server: TestServer
  let dataDir: string
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'graph-appproxy-cli-'))
    server = await startTestServer({ config: { dataDir } })
  })
  after(async () => {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  test('registers into the running server’s database; the connector appears over Graph', async () => {
    const { stdout } = await run(process.execPath, [
      'bin/graph-appproxy.js',
      'connectors',
      'register',
      '--machine-name',
      'cli.contoso.com',
      '--external-ip',
      '192.0.2.44',
      '--data-dir',
      dataDir,
    ])
    const registered = JSON.parse(stdout) as { id: string }
    const read = await server.call('GET', `${P}/connectors/${registered.id}`)
    assert.equal(read.status, 200)
    assert.equal(read.body.machineName, 'cli.contoso.com')
  })

  test('refuses bad input with a message and a non-zero exit', async () => {
    await assert.rejects(
      run(process.execPath, [
        'bin/graph-appproxy.js',
        'connectors',
        'register',
        '--machine-name',
        'x',
        '--external-ip',
        'nope',
        '--data-dir',
        dataDir,
      ]),
      (error: { code?: number; stderr?: string }) =>
        error.code !== 0 && /externalIp/.test(error.stderr ?? ''),
    )
  })
})
