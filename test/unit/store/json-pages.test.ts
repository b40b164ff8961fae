// A store's pages as JSON (listJson, read on the SQLite page reader's thread) are the pages `list`
// gives, projected and serialised: same items, same order, same next keyset, same count, for any
// filter, order, $select and page size, walked to the end.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { connector, connectorGroup } from '../../../src/model/entities.js'
import type { EntityTypeDef } from '../../../src/model/types.js'
import { bindQuery } from '../../../src/odata/bind.js'
import { parseQueryOptions } from '../../../src/odata/query-options.js'
import { project } from '../../../src/odata/serialize.js'
import type { KeyValue } from '../../../src/odata/skiptoken.js'
import type { JsonPage } from '../../../src/store/page-json.js'
import type { ListQuery, Page } from '../../../src/store/paging.js'
import type { StoreTx } from '../../../src/store/store.js'
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
      const id = groupId(i)
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
    // Connectors of two groups, half heard from long ago: status is computed in SQL.
    for (let i = 0; i < 30; i++) {
      await tx.connectors.insert(TENANT, {
        id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
        machineName: `${i % 4 === 0 ? 'M' : 'm'}achine-${i % 5}.contoso.example`,
        externalIp: `10.0.0.${i}`,
        version: i % 6 === 0 ? '1.5.1975.0' : '1.5.2500.0',
        connectorGroupId: groupId(i % 2),
        lastSeenDateTime: i % 3 === 0 ? '2020-01-01T00:00:00.000Z' : new Date().toISOString(),
      })
    }
  }),
)

function groupId(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`
}

const selectOf = (entity: EntityTypeDef) =>
  fc.subarray(Object.keys(entity.properties), { minLength: 1 }).map((names) => names.join(','))

const groupOptions = fc.record(
  {
    $orderby: fc.constantFrom('name', 'name desc', 'region desc,name', 'isDefault,region'),
    $filter: fc.constantFrom("region eq 'eur'", "startswith(name,'g')", 'isDefault eq false'),
    $select: selectOf(connectorGroup),
  },
  { requiredKeys: [] },
)
const connectorOptions = fc.record(
  {
    $orderby: fc.constantFrom('machineName', 'status desc,machineName', 'version,externalIp desc'),
    $filter: fc.constantFrom("status eq 'active'", "startswith(machineName,'m')"),
    $select: selectOf(connector),
  },
  { requiredKeys: [] },
)

interface Lister {
  entity: EntityTypeDef
  options: fc.Arbitrary<Record<string, string>>
  list(tx: StoreTx, query: ListQuery): Promise<Page<object>>
  listJson(tx: StoreTx, query: ListQuery, select: readonly string[] | undefined): Promise<JsonPage>
}

const group1 = groupId(1)
const LISTS: Record<'groups' | 'connectors' | 'members', Lister> = {
  groups: {
    entity: connectorGroup,
    options: groupOptions,
    list: (tx, query) => tx.connectorGroups.list(TENANT, query),
    listJson: (tx, query, select) => tx.connectorGroups.listJson(TENANT, query, select),
  },
  connectors: {
    entity: connector,
    options: connectorOptions,
    list: (tx, query) => tx.connectors.list(TENANT, query),
    listJson: (tx, query, select) => tx.connectors.listJson(TENANT, query, select),
  },
  members: {
    entity: connector,
    options: connectorOptions,
    list: (tx, query) => tx.connectors.list(TENANT, query, group1),
    listJson: (tx, query, select) => tx.connectors.listJson(TENANT, query, select, group1),
  },
}

for (const [name, lister] of Object.entries(LISTS)) {
  test(`${name}: listJson walks the same pages as list, for any query`, async () => {
    await fc.assert(
      fc.asyncProperty(
        lister.options,
        fc.integer({ min: 1, max: 15 }),
        fc.boolean(),
        async (raw, pageSize, count) => {
          const options = parseQueryOptions(raw, { dollarOptional: false })
          const bound = bindQuery(options, lister.entity)
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
            const objects = await store.read((tx) => lister.list(tx, query))
            const json = await store.read((tx) => lister.listJson(tx, query, select))
            const items = objects.items.map((item) => project(item, select))
            assert.equal(json.json, JSON.stringify(items))
            assert.deepEqual(json.nextKeys, objects.nextKeys)
            assert.equal(json.count, objects.count)
            if (objects.nextKeys === undefined) return
            after = objects.nextKeys
          }
          assert.fail('paging did not end')
        },
      ),
      { numRuns: 30 },
    )
  })
}

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

test('a page statement compiled once binds each call’s tenant and keyset', async () => {
  const other = '0f0e0d0c-0b0a-4909-8807-0605040302ff'
  const id = 'eeeeeeee-0000-4000-8000-000000000000'
  await temporary.store.transaction(async (tx) => {
    await tx.tenants.insert({
      id: other,
      displayName: 'Fabrikam',
      defaultDomain: 'fabrikam.example',
      region: 'eur',
      isAppProxyEnabled: true,
      createdDateTime: '2026-01-01T00:00:00.000Z',
    })
    const group = {
      id,
      name: 'fabrikam',
      connectorGroupType: 'applicationProxy',
      isDefault: true,
      region: 'eur',
    }
    await tx.connectorGroups.insert(other, group, '2026-01-01T00:00:00.000Z')
  })
  const page = (tenant: string, after?: KeyValue[]) =>
    temporary.store.read((tx) =>
      tx.connectorGroups.listJson(
        tenant,
        { orderBy: [], pageSize: 5, ...(after === undefined ? {} : { after }) },
        ['id'],
      ),
    )
  const ids = (json: string) => (JSON.parse(json) as { id: string }[]).map((g) => g.id)
  const first = await page(TENANT)
  assert.deepEqual(ids((await page(other)).json), [id])
  assert.equal(ids(first.json).length, 5)
  assert.ok(!ids(first.json).includes(id))
  const second = await page(TENANT, first.nextKeys)
  assert.equal(ids(second.json)[0], groupId(5))
  assert.deepEqual(ids((await page(other, [id])).json), [])
})
