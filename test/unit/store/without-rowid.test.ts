// Migration 0006 rebuilds tables of a SQLite database that already holds data: every row, index
// and foreign key survives, the tables become WITHOUT ROWID, and a rebuild that cannot keep the
// foreign keys intact changes nothing.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Migrator, sql } from 'kysely'
import type { Kysely } from 'kysely'
import { migrateToLatest } from '../../../src/store/migrate.js'
import { openSqlite } from '../../../src/store/sqlite/dialect.js'
import { inMigrationTransaction } from '../../../src/store/sqlite/migration-lock.js'
import { SQLITE_MIGRATIONS } from '../../../src/store/sqlite/migrations/index.js'
import { rebuildWithoutRowid } from '../../../src/store/sqlite/migrations/without-rowid.js'

const REBUILT = ['connectorGroups', 'connectors', 'members']
const T = '00000000-0000-0000-0000-00000000000a'
const OTHER_T = '00000000-0000-0000-0000-00000000000b'

let dir: string
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'without-rowid-'))
})
after(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
/** A database migrated up to, not including, the rebuild. */
async function databaseBeforeRebuild(): Promise<Kysely<unknown>> {
  const db = openSqlite(join(dir, `db-${files++}.sqlite`)).db as unknown as Kysely<unknown>
  const migrator = new Migrator({ db, provider: { getMigrations: async () => SQLITE_MIGRATIONS } })
  const { error } = await migrator.migrateTo('0005-drop-unused-indexes')
  assert.equal(error, undefined)
  return db
}

async function seed(db: Kysely<unknown>): Promise<void> {
  const now = '2026-11-29T00:00:00.000Z'
  for (const tenant of [T, OTHER_T]) {
    await sql`insert into tenants (id, "displayName", "defaultDomain", region, "createdDateTime")
      values (${tenant}, 't', ${`${tenant}.example`}, 'eur', ${now})`.execute(db)
    for (let g = 0; g < 30; g++) {
      const id = `${g.toString().padStart(8, '0')}-0000-0000-0000-000000000000`
      await sql`insert into "connectorGroups" ("tenantId", id, name, "connectorGroupType", "isDefault", region, "createdDateTime")
        values (${tenant}, ${id}, ${`Group ${29 - g}`}, 'applicationProxy', ${g === 0 ? 1 : 0}, 'eur', ${now})`.execute(
        db,
      )
      await sql`insert into connectors ("tenantId", id, "machineName", "externalIp", version, "connectorGroupId", "lastSeenDateTime", "registeredDateTime")
        values (${tenant}, ${`c-${id}`}, ${`host${g}`}, '203.0.113.1', '1.5', ${id}, ${now}, ${now})`.execute(
        db,
      )
      await sql`insert into groups ("tenantId", id, "displayName") values (${tenant}, ${`g-${id}`}, ${`G${g}`})`.execute(
        db,
      )
      if (g > 0) {
        await sql`insert into members ("tenantId", "groupId", "memberId", "memberType", "createdDateTime")
          values (${tenant}, ${`g-${id}`}, ${`g-00000000-0000-0000-0000-000000000000`}, 'group', ${now})`.execute(
          db,
        )
      }
    }
  }
}

async function snapshot(db: Kysely<unknown>) {
  const rows: Record<string, unknown[]> = {}
  for (const table of REBUILT) {
    // The columns a row is made of: a later migration adds a generated one (0007).
    const { rows: columns } = await sql<{ name: string }>`
      select name from pragma_table_info(${table})`.execute(db)
    const names = sql.join(columns.map((column) => sql.id(column.name)))
    const result = await sql`select ${names} from ${sql.id(table)} order by 1, 2, 3`.execute(db)
    rows[table] = result.rows
  }
  const { rows: indexes } = await sql<{ name: string; sql: string | null }>`
    select name, sql from sqlite_schema where type = 'index' and sql is not null order by name`.execute(
    db,
  )
  return { rows, indexes }
}

async function tableSql(db: Kysely<unknown>, table: string): Promise<string> {
  const { rows } = await sql<{ sql: string }>`
    select sql from sqlite_schema where type = 'table' and name = ${table}`.execute(db)
  return rows[0]?.sql ?? ''
}

async function foreignKeysOn(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)
  return rows[0]?.foreign_keys === 1
}

test('the rebuild keeps every row, index and foreign key, and drops the rowid', async () => {
  const db = await databaseBeforeRebuild()
  await seed(db)
  const before = await snapshot(db)

  await migrateToLatest(db, 'sqlite')

  assert.deepEqual(await snapshot(db), before)
  for (const table of REBUILT) assert.match(await tableSql(db, table), /\)\s*without rowid$/i)
  assert.doesNotMatch(await tableSql(db, 'groups'), /without rowid/i)
  assert.equal(await foreignKeysOn(db), true)

  const firstGroup = '00000000-0000-0000-0000-000000000000'
  // RESTRICT from connectors: a group that still has a connector cannot go.
  await assert.rejects(
    sql`delete from "connectorGroups" where "tenantId" = ${T} and id = ${firstGroup}`.execute(db),
    /FOREIGN KEY constraint failed/,
  )
  // A connector must name a group of its own tenant.
  await assert.rejects(
    sql`update connectors set "connectorGroupId" = 'missing' where "tenantId" = ${T}`.execute(db),
    /FOREIGN KEY constraint failed/,
  )
  // The partial unique index came back: still one default group per tenant.
  await assert.rejects(
    sql`update "connectorGroups" set "isDefault" = 1 where "tenantId" = ${T}`.execute(db),
    /UNIQUE constraint failed/,
  )
  // CASCADE from a group to its membership rows still runs.
  const container = 'g-00000001-0000-0000-0000-000000000000'
  await sql`delete from groups where "tenantId" = ${T} and id = ${container}`.execute(db)
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from members where "tenantId" = ${T} and "groupId" = ${container}`.execute(
    db,
  )
  assert.equal(rows[0]?.n, 0)
  assert.equal(before.rows.members?.length, 58)
  await db.destroy()
})

test('a rebuild that would leave a broken foreign key changes nothing', async () => {
  const db = await databaseBeforeRebuild()
  await seed(db)
  // A row that already breaks its foreign key (written with the checks off, as a hand edit could).
  await sql`pragma foreign_keys = off`.execute(db)
  await sql`update connectors set "connectorGroupId" = 'gone' where "tenantId" = ${OTHER_T} and "machineName" = 'host3'`.execute(
    db,
  )
  await sql`pragma foreign_keys = on`.execute(db)
  const before = await snapshot(db)
  const createSql = await tableSql(db, 'connectors')

  await assert.rejects(
    inMigrationTransaction(db, (conn) => rebuildWithoutRowid(conn, 'connectors')),
    /broke 1 foreign key/,
  )

  assert.deepEqual(await snapshot(db), before)
  assert.equal(await tableSql(db, 'connectors'), createSql)
  assert.equal(await foreignKeysOn(db), true)
  await db.destroy()
})

test('rebuilding a table that does not exist fails and leaves the checks on', async () => {
  const db = await databaseBeforeRebuild()
  await assert.rejects(
    inMigrationTransaction(db, (conn) => rebuildWithoutRowid(conn, 'nothing')),
    /no table nothing to rebuild/,
  )
  assert.equal(await foreignKeysOn(db), true)
  await db.destroy()
})
