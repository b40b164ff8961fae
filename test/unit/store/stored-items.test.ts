// Migration 0007 gives connector groups a stored item column (src/store/sqlite/stored-items.ts):
// every row's item is the JSON the API answers with, SQLite keeps it current on every write, the
// store reads it only while its expression is still the model's, exports leave it out and
// imports may not set it.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Migrator, sql } from 'kysely'
import type { Kysely } from 'kysely'
import {
  exportTenant,
  importTenant,
  TenantTransferError,
} from '../../../src/domain/tenant-export.js'
import { connectorGroup } from '../../../src/model/entities.js'
import { CONNECTOR_GROUP_PAGES } from '../../../src/store/connector-groups.js'
import { selectJsonPage } from '../../../src/store/json-paging.js'
import type { JsonPages } from '../../../src/store/json-paging.js'
import { migrateToLatest } from '../../../src/store/migrate.js'
import { openStore } from '../../../src/store/open-store.js'
import { inProcessPages } from '../../../src/store/paging.js'
import { openSqlite } from '../../../src/store/sqlite/dialect.js'
import { sqliteItemJson } from '../../../src/store/sqlite/item-json.js'
import { SQLITE_MIGRATIONS } from '../../../src/store/sqlite/migrations/index.js'
import { currentStoredItems, STORED_ITEM_SOURCES } from '../../../src/store/sqlite/stored-items.js'
import type { Database } from '../../../src/store/tables.js'
import { TenantRowQueries } from '../../../src/store/tenant-rows.js'

const T = '00000000-0000-0000-0000-00000000000a'
const NOW = '2026-12-06T00:00:00.000Z'

let dir: string
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'stored-items-'))
})
after(() => rmSync(dir, { recursive: true, force: true }))

interface GroupRow {
  id: string
  name: string
  connectorGroupType: string
  isDefault: number
  region: string | null
  '@item': string
}

/** What the API answers for the row: the model's properties in its order, booleans decoded. */
const itemOf = (row: GroupRow) =>
  JSON.stringify({
    id: row.id,
    name: row.name,
    connectorGroupType: row.connectorGroupType,
    isDefault: row.isDefault === 1,
    region: row.region,
  })

let files = 0
/** A database with connector groups, migrated up to the migration before 0007. */
async function databaseBefore0007(): Promise<Kysely<unknown>> {
  const db = openSqlite(join(dir, `db-${files++}.sqlite`)).db as unknown as Kysely<unknown>
  const migrator = new Migrator({ db, provider: { getMigrations: async () => SQLITE_MIGRATIONS } })
  assert.equal((await migrator.migrateTo('0006-clustered-keys')).error, undefined)
  await sql`insert into tenants (id, "displayName", "defaultDomain", region, "createdDateTime")
    values (${T}, 't', 't.example', 'eur', ${NOW})`.execute(db)
  // Text JSON must escape, and a region left unset.
  const names = ['plain', 'quote " and \\ backslash', 'tab\tnew\nline', 'é ☃ \u0001', '']
  for (const [i, name] of names.entries()) {
    await sql`insert into "connectorGroups" ("tenantId", id, name, "connectorGroupType", "isDefault", region, "createdDateTime")
      values (${T}, ${`g-${i}`}, ${name}, 'applicationProxy', ${i === 0 ? 1 : 0}, ${i === 4 ? null : 'eur'}, ${NOW})`.execute(
      db,
    )
  }
  await sql`insert into connectors ("tenantId", id, "machineName", "externalIp", version, "connectorGroupId", "lastSeenDateTime", "registeredDateTime")
    values (${T}, 'c-1', 'host', '203.0.113.1', '1.5', 'g-1', ${NOW}, ${NOW})`.execute(db)
  return db
}

async function groupRows(db: Kysely<unknown>): Promise<GroupRow[]> {
  const { rows } = await sql<GroupRow>`
    select * from "connectorGroups" where "tenantId" = ${T} order by id`.execute(db)
  return rows
}

test('the migration gives every existing group its item as the API writes it', async () => {
  const db = await databaseBefore0007()
  await migrateToLatest(db, 'sqlite')

  const rows = await groupRows(db)
  assert.equal(rows.length, 5)
  for (const row of rows) assert.equal(row['@item'], itemOf(row))
  // The rebuild kept the table's storage and its references.
  const { rows: tables } = await sql<{ sql: string }>`
    select sql from sqlite_schema where name = 'connectorGroups'`.execute(db)
  assert.match(tables[0]?.sql ?? '', /\)\s*without rowid$/i)
  await assert.rejects(
    sql`delete from "connectorGroups" where "tenantId" = ${T} and id = 'g-1'`.execute(db),
    /FOREIGN KEY constraint failed/,
  )
  await db.destroy()
})

test('SQLite keeps the item current on inserts and updates', async () => {
  const db = await databaseBefore0007()
  await migrateToLatest(db, 'sqlite')
  // One default group per tenant: the old one first.
  await sql`update "connectorGroups" set "isDefault" = 0 where "tenantId" = ${T} and id = 'g-0'`.execute(
    db,
  )
  await sql`update "connectorGroups" set name = 'renamed "x"', "isDefault" = 1, region = null
    where "tenantId" = ${T} and id = 'g-2'`.execute(db)
  await sql`insert into "connectorGroups" ("tenantId", id, name, "connectorGroupType", "isDefault", region, "createdDateTime")
    values (${T}, 'g-9', 'new', 'applicationProxy', 0, 'asia', ${NOW})`.execute(db)

  const rows = await groupRows(db)
  assert.equal(rows.length, 6)
  for (const row of rows) assert.equal(row['@item'], itemOf(row))
  assert.equal(
    JSON.parse(rows.find((row) => row.id === 'g-2')?.['@item'] ?? '').name,
    'renamed "x"',
  )
  await db.destroy()
})

// Fails when the model of a connector group changes and no migration rebuilds the column:
// the pages would still be right (they fall back), only slower.
test("a migrated database's stored item is the model's item", async () => {
  const db = await databaseBefore0007()
  await migrateToLatest(db, 'sqlite')
  const current = await currentStoredItems(db, STORED_ITEM_SOURCES)
  assert.deepEqual([...current], ['connectorGroups'])
  await db.destroy()
})

test('a stored item the model no longer makes is not used', async () => {
  const db = await databaseBefore0007()
  await migrateToLatest(db, 'sqlite')
  const { properties } = connectorGroup
  const changed = [
    // A property dropped from what the store shows, and one whose type changed.
    { ...CONNECTOR_GROUP_PAGES, columns: CONNECTOR_GROUP_PAGES.columns.slice(0, -1) },
    {
      ...CONNECTOR_GROUP_PAGES,
      entity: {
        ...connectorGroup,
        properties: {
          ...properties,
          isDefault: { ...properties.isDefault, type: { kind: 'primitive', edm: 'Edm.String' } },
        },
      },
    },
  ] as const
  for (const source of changed) {
    assert.deepEqual([...(await currentStoredItems(db, [source]))], [])
  }
  // Before the migration there is no column to use.
  const older = await databaseBefore0007()
  assert.deepEqual([...(await currentStoredItems(older, STORED_ITEM_SOURCES))], [])
  await older.destroy()
  await db.destroy()
})

test('pages read the stored item only without $select, and answer the same either way', async () => {
  const db = await databaseBefore0007()
  await migrateToLatest(db, 'sqlite')
  const statements: string[] = []
  const inProcess = inProcessPages(db)
  const reader: JsonPages['reader'] = {
    read(statement, shape) {
      statements.push(statement.sql)
      return inProcess.read(statement, shape)
    },
  }
  const page = async (storedItems: ReadonlySet<string>, select?: string[]) =>
    selectJsonPage({
      db: db as Kysely<Database>,
      source: CONNECTOR_GROUP_PAGES,
      values: { tenantId: T },
      query: { orderBy: [], pageSize: 3 },
      pages: { reader, itemJson: sqliteItemJson, storedItems },
      select,
    })

  const stored = await page(new Set(['connectorGroups']))
  assert.match(statements.at(-1) ?? '', /"connectorGroups"\."@item"/)
  assert.doesNotMatch(statements.at(-1) ?? '', /json_quote/)
  const computed = await page(new Set())
  assert.match(statements.at(-1) ?? '', /json_quote/)
  assert.deepEqual(stored, computed)
  assert.deepEqual(
    JSON.parse(stored.json).map((item: { id: string }) => item.id),
    ['g-0', 'g-1', 'g-2'],
  )

  const selected = await page(new Set(['connectorGroups']), ['name'])
  assert.doesNotMatch(statements.at(-1) ?? '', /@item"\s*as/)
  assert.deepEqual(Object.keys(JSON.parse(selected.json)[0]), ['name'])
  await db.destroy()
})

test('an export of the rows leaves the stored item out', async () => {
  const db = await databaseBefore0007()
  await migrateToLatest(db, 'sqlite')
  const rows = await new TenantRowQueries(db as Kysely<Database>).read('connectorGroups', T)
  assert.equal(rows.length, 5)
  for (const row of rows) assert.equal('@item' in row, false)
  await db.destroy()
})

test('an import that sets the stored item is refused and changes nothing', async () => {
  const store = await openStore({
    url: join(dir, `db-${files++}.sqlite`),
    connectorInactiveAfterSeconds: 600,
    now: () => new Date(NOW),
  })
  const deps = { store, now: () => new Date(NOW) }
  await store.transaction(async (tx) => {
    await tx.tenants.insert({
      id: T,
      displayName: 't',
      defaultDomain: 't.example',
      region: 'eur',
      isAppProxyEnabled: true,
      createdDateTime: NOW,
    })
    await tx.connectorGroups.insert(
      T,
      {
        id: 'g-1',
        name: 'one',
        connectorGroupType: 'applicationProxy',
        isDefault: true,
        region: 'eur',
      },
      NOW,
    )
  })
  const exported = await exportTenant(deps, T)
  const forged = structuredClone(exported) as unknown as {
    tables: { connectorGroups: Record<string, unknown>[] }
  }
  const row = forged.tables.connectorGroups[0]
  assert.ok(row !== undefined)
  Object.assign(row, { name: 'forged', '@item': '{"id":"g-1","name":"not the row"}' })

  await assert.rejects(importTenant(deps, forged, { replace: true }), (error: unknown) => {
    assert.ok(error instanceof TenantTransferError)
    assert.match(error.message, /no column '@item'/)
    return true
  })
  assert.deepEqual(await exportTenant(deps, T), exported)
  await store.close()
})
