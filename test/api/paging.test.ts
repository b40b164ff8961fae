// Paging (issue #5 §2, spec §7.2): absolute nextLinks that carry the request's options, opaque
// tamper-evident keyset skip tokens, @odata.count on the first page only, and no repeats or gaps.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'

/** Follows @odata.nextLink verbatim, as the SDKs' page iterators do. */
async function readAll(
  server: TestServer,
  firstUrl: string,
  onPage?: (index: number) => Promise<void>,
) {
  const ids: string[] = []
  let url: string | undefined = firstUrl
  let index = 0
  while (url !== undefined) {
    const response = await server.call('GET', url.replace(server.baseUrl, ''))
    assert.equal(response.status, 200, response.text)
    ids.push(...(response.body.value as Array<{ id: string }>).map((item) => item.id))
    url = response.body['@odata.nextLink']
    if (onPage !== undefined) await onPage(index++)
  }
  return ids
}

async function seedGroups(server: TestServer, count: number, prefix: string) {
  const rows = Array.from({ length: count }, (_, i) => ({
    tenantId: server.tenantId,
    id: randomUUID(),
    name: `${prefix}${String(i).padStart(6, '0')}`,
    connectorGroupType: 'applicationProxy',
    isDefault: false,
    region: i % 2 === 0 ? 'eur' : 'nam',
    createdDateTime: new Date().toISOString(),
  }))
  for (let i = 0; i < rows.length; i += 500) {
    await server.store.db
      .insertInto('connectorGroups')
      .values(rows.slice(i, i + 500))
      .execute()
  }
  return rows.map((row) => row.id)
}

for (const backend of BACKENDS)
  describe(`paging [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    test('10,000 connector groups paged with $top=999 are each seen exactly once', async () => {
      const seeded = await seedGroups(server, 10_000, 'bulk-')
      const ids = await readAll(
        server,
        `${P}/connectorGroups?$top=999&$filter=startswith(name,'bulk-')`,
      )
      assert.equal(ids.length, 10_000)
      assert.equal(new Set(ids).size, 10_000)
      assert.deepEqual([...ids].sort(), [...seeded].sort())
    })

    test('the default page is 100; nextLink is absolute and carries the options', async () => {
      const first = await server.call(
        'GET',
        `${P}/connectorGroups?$filter=startswith(name,'bulk-')&$orderby=name desc&$select=id,name&$count=true`,
      )
      assert.equal(first.body.value.length, 100)
      assert.equal(first.body['@odata.count'], 10_000)
      // As Graph writes it: the client's options as they came, then `$skiptoken=`.
      assert.match(first.body['@odata.nextLink'], /\?\$filter=.*&\$skiptoken=[\w.-]+$/)
      const next = new URL(first.body['@odata.nextLink'])
      assert.equal(next.origin, server.baseUrl)
      assert.equal(next.pathname, `${P}/connectorGroups`)
      assert.equal(next.searchParams.get('$filter'), "startswith(name,'bulk-')")
      assert.equal(next.searchParams.get('$orderby'), 'name desc')
      assert.equal(next.searchParams.get('$select'), 'id,name')
      assert.ok(next.searchParams.get('$skiptoken'))
      const second = await server.call('GET', `${next.pathname}${next.search}`)
      assert.equal(second.body['@odata.count'], undefined)
      assert.deepEqual(Object.keys(second.body.value[0]), ['id', 'name'])
      assert.ok(second.body.value[0].name < first.body.value[99].name)
    })

    test('a modified or replayed skip token answers 400', async () => {
      const first = await server.call(
        'GET',
        `${P}/connectorGroups?$filter=startswith(name,'bulk-')`,
      )
      const next = new URL(first.body['@odata.nextLink'])
      const token = next.searchParams.get('$skiptoken') ?? ''
      const flipped = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6)
      const tampered = await server.call(
        'GET',
        `${P}/connectorGroups?$filter=startswith(name,'bulk-')&$skiptoken=${encodeURIComponent(flipped)}`,
      )
      assert.equal(tampered.status, 400)
      assert.equal(tampered.body.error.code, 'BadRequest')
      const otherQuery = await server.call(
        'GET',
        `${P}/connectorGroups?$filter=startswith(name,'x')&$skiptoken=${encodeURIComponent(token)}`,
      )
      assert.equal(otherQuery.status, 400)
    })

    test('paging under concurrent inserts and deletes never repeats an item nor skips one that existed throughout', async () => {
      const stable = await seedGroups(server, 600, 'churn-')
      const doomed = new Set(stable.filter((_, i) => i % 7 === 0))
      const survivors = stable.filter((id) => !doomed.has(id))
      const doomedList = [...doomed]
      const ids = await readAll(
        server,
        `${P}/connectorGroups?$top=50&$orderby=name&$filter=startswith(name,'churn-')`,
        async (page) => {
          // Between pages: add groups before and after the cursor, delete some not yet read.
          await seedGroups(server, 5, `churn-${page % 2 === 0 ? '0' : '9'}x${page}-`)
          for (const id of doomedList.splice(0, 10)) {
            await server.call('DELETE', `${P}/connectorGroups/${id}`)
          }
        },
      )
      assert.equal(new Set(ids).size, ids.length, 'an item was repeated')
      const seen = new Set(ids)
      for (const id of survivors) assert.ok(seen.has(id), `missed ${id}`)
    })
  })
