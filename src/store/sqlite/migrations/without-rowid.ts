// Rebuilds a SQLite table as a WITHOUT ROWID table, stored in the order of its primary key
// (tenantId, id…) instead of behind a separate key index (sqlite.org/withoutrowid.html).
//
// A page of a list (`…?$top=100`, ordered by id) then reads consecutive rows of one B-tree; on a
// rowid table it read the key index and then fetched each row from the table by rowid, one
// B-tree descent per row, and with more rows than SQLite's page cache those descents went to the
// file (bench/README.md: 670 → 176 µs for a 101-row page of 100,000 groups).
//
// SQLite cannot change a table's storage in place: this is the rebuild of
// sqlite.org/lang_altertable.html#otheralter, within the migrations' one transaction. The new table's and indexes'
// SQL is the old one read back from sqlite_schema, so the columns, constraints and indexes stay
// exactly what the earlier migrations made.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'

const CREATE_TABLE = /^\s*create\s+table\s+("(?:[^"]|"")+"|\w+)/i

/**
 * Runs inside the migrations' transaction with foreign key enforcement off (../migration-lock.ts):
 * dropping the old table would otherwise delete, or be refused for, the rows of the tables that
 * point at it. A rebuild that fails, or leaves a broken reference, rolls the migrations back.
 */
export async function rebuildWithoutRowid(db: Kysely<unknown>, table: string): Promise<void> {
  const rebuilt = `${table}_rebuilt`
  const { rows: tables } = await sql<{ sql: string }>`
    select sql from sqlite_schema where type = 'table' and name = ${table}`.execute(db)
  const createSql = tables[0]?.sql
  if (createSql === undefined || !CREATE_TABLE.test(createSql)) {
    throw new Error(`no table ${table} to rebuild`)
  }
  // Indexes SQLite made itself (sql is null) belong to the old key and are not re-created.
  const { rows: indexes } = await sql<{ sql: string }>`
    select sql from sqlite_schema
    where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db)

  const createRebuilt = createSql.replace(CREATE_TABLE, `create table "${rebuilt}"`)
  await sql.raw(`${createRebuilt} without rowid`).execute(db)
  await sql`insert into ${sql.id(rebuilt)} select * from ${sql.id(table)}`.execute(db)
  await sql`drop table ${sql.id(table)}`.execute(db)
  await sql`alter table ${sql.id(rebuilt)} rename to ${sql.id(table)}`.execute(db)
  for (const index of indexes) await sql.raw(index.sql).execute(db)

  const { rows: broken } = await sql`pragma foreign_key_check`.execute(db)
  if (broken.length > 0) {
    throw new Error(`rebuilding ${table} broke ${broken.length} foreign key(s)`)
  }
}
