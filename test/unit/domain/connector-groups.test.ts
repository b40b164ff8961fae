// Creating a connector group reads the tenant only for its home region; a tenant that is gone is
// refused either way with the same 404, and nothing is written.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createConnectorGroup } from '../../../src/domain/connector-groups.js'
import { GraphError } from '../../../src/errors/graph-error.js'
import { temporaryStore } from '../../support/temporary-store.js'

const TENANT = '0f0e0d0c-0b0a-4909-8807-060504030201'
const GONE = '1f1e1d1c-1b1a-4919-8817-161514131211'

const temporary = temporaryStore('connector-groups', (store) =>
  store.transaction((tx) =>
    tx.tenants.insert({
      id: TENANT,
      displayName: 'Contoso',
      defaultDomain: 'contoso.example',
      region: 'asia',
      isAppProxyEnabled: true,
      createdDateTime: '2026-01-01T00:00:00.000Z',
    }),
  ),
)

const deps = () => ({ store: temporary.store, now: () => new Date() })
const ctx = (tenantId: string) => ({ tenantId, requestId: 'test' })

test('an omitted region is the tenant’s home region; a given one is kept', async () => {
  const home = await createConnectorGroup(deps(), ctx(TENANT), { name: 'home' })
  assert.equal(home.region, 'asia')
  const given = await createConnectorGroup(deps(), ctx(TENANT), { name: 'eu', region: 'eur' })
  assert.equal(given.region, 'eur')
})

for (const body of [{ name: 'g' }, { name: 'g', region: 'eur' }]) {
  test(`a tenant that is gone is a 404 (${JSON.stringify(body)})`, async () => {
    await assert.rejects(createConnectorGroup(deps(), ctx(GONE), body), (error) => {
      assert.ok(error instanceof GraphError)
      assert.equal(error.status, 404)
      assert.equal(error.code, 'Request_ResourceNotFound')
      return true
    })
    const rows = await temporary.store.read((tx) => tx.tenantRows.read('connectorGroups', GONE))
    assert.deepEqual(rows, [])
  })
}
