// A store's pages as JSON (listJson, read on the SQLite page reader's thread) are the pages `list`
// gives, projected and serialised: same items, same order, same next keyset, same count, for any
// filter, order, $select and page size, walked to the end.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { connectorGroup } from '../../../src/model/entities.js'
import { bindQuery } from '../../../src/odata/bind.js'
import { parseQueryOptions } from '../../../src/odata/query-options.js'
import { project } from '../../../src/odata/serialize.js'
import type { KeyValue } from '../../../src/odata/skiptoken.js'
import type { ListQuery } from '../../../src/store/paging.js'
import { temporaryStore } from '../../support/temporary-store.js'

const TENANT = '0f0e0d0c-0b0a-4909-8807-060504030201'
const REGIONS = ['nam', 'eur', 'asia'] as const

const temporary = temporaryStore('json-pages', (store) =>
  store.transaction(async (tx) => {
    await tx.tenants.insert({
      id: TENANT,
      displayName: 'Contoso',
      defaultDomain: 'contoso.example',
      region: 'eur',
      isAppProxyEnabled: true,
      createdDateTime: '2026-01-01T00:00:00.000Z',
    })
    for (let i = 0; i < 40; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`
      // Repeated names in mixed case: the order and the keyset have ties to break.
      const name = `${i % 3 === 0 ? 'G' : 'g'}roup "${i % 7}" ${i % 2 === 0 ? 'é' : 'e'}`
      const group = {
        id,
        name,
        connectorGroupType: 'applicationProxy',
        isDefault: i === 0,
        region: REGIONS[i % 3] as string,
      }
      await tx.connectorGroups.insert(TENANT, group, '2026-01-01T00:00:00.000Z')
    }
  }),
)

const options = fc.record(
  {
    $orderby: fc.constantFrom('name', 'name desc', 'region desc,name', 'isDefault,region'),
    $filter: fc.constantFrom("region eq 'eur'", "startswith(name,'g')", 'isDefault eq false'),
    $select: fc
      .subarray(Object.keys(connectorGroup.properties), { minLength: 1 })
      .map((names) => names.join(',')),
  },
  { requiredKeys: [] },
)

test('listJson walks the same pages as list, for any query', async () => {
  await fc.assert(
    fc.asyncProperty(
      options,
      fc.integer({ min: 1, max: 15 }),
      fc.boolean(),
      async (raw, pageSize, count) => {
        const bound = bindQuery(parseQueryOptions(raw, { dollarOptional: false }), connectorGroup)
        const select = bound.select?.map((p) => p.name)
        let after: KeyValue[] | undefined
        for (let pages = 0; pages < 50; pages++) {
          const query: ListQuery = {
            filter: bound.filter,
            orderBy: bound.orderBy,
            pageSize,
            count: count && after === undefined,
            ...(after === undefined ? {} : { after }),
          }
          const { store } = temporary
          const objects = await store.read((tx) => tx.connectorGroups.list(TENANT, query))
          const json = await store.read((tx) => tx.connectorGroups.listJson(TENANT, query, select))
          assert.equal(json.json, JSON.stringify(objects.items.map((g) => project(g, select))))
          assert.deepEqual(json.nextKeys, objects.nextKeys)
          assert.equal(json.count, objects.count)
          if (objects.nextKeys === undefined) return
          after = objects.nextKeys
        }
        assert.fail('paging did not end')
      },
    ),
    { numRuns: 40 },
  )
})

test('inside a transaction a page shows the transaction’s own writes', async () => {
  const query: ListQuery = { orderBy: [], pageSize: 100, filter: undefined }
  const before = await temporary.store.read((tx) =>
    tx.connectorGroups.listJson(TENANT, query, ['id']),
  )
  const id = 'ffffffff-0000-4000-8000-000000000000'
  await assert.rejects(
    temporary.store.transaction(async (tx) => {
      const group = {
        id,
        name: 'uncommitted',
        connectorGroupType: 'applicationProxy',
        isDefault: false,
        region: 'eur',
      }
      await tx.connectorGroups.insert(TENANT, group, '2026-01-01T00:00:00.000Z')
      const inside = await tx.connectorGroups.listJson(TENANT, query, ['id'])
      assert.ok(inside.json.includes(id))
      const outside = await temporary.store.read((read) =>
        read.connectorGroups.listJson(TENANT, query, ['id']),
      )
      assert.equal(outside.json, before.json)
      throw new Error('roll back')
    }),
    /roll back/,
  )
})
