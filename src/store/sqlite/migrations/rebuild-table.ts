// SQLite cannot change a table's storage or add a stored column in place: this is the rebuild of
// sqlite.org/lang_altertable.html#otheralter, within the migrations' one transaction. The new
// table's and indexes' SQL is the old one read back from sqlite_schema, reshaped by the caller,
// so the columns, constraints and indexes stay exactly what the earlier migrations made.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'

const CREATE_TABLE = /^\s*create\s+table\s+("(?:[^"]|"")+"|\w+)/i

/**
 * Rebuilds `table` from its CREATE TABLE text as `reshape` returns it; the rows are copied by
 * the columns it had (a generated column the new text adds is computed by SQLite).
 *
 * Runs inside the migrations' transaction with foreign key enforcement off (../migration-lock.ts):
 * dropping the old table would otherwise delete, or be refused for, the rows of the tables that
 * point at it. A rebuild that fails, or leaves a broken reference, rolls the migrations back.
 */
export async function rebuildTable(
  db: Kysely<unknown>,
  table: string,
  reshape: (createSql: string) => string,
): Promise<void> {
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
  // table_info leaves generated columns out: they are computed, not copied.
  const { rows: columns } = await sql<{ name: string }>`
    select name from pragma_table_info(${table})`.execute(db)
  const copied = sql.join(columns.map((column) => sql.id(column.name)))

  await sql.raw(reshape(createSql.replace(CREATE_TABLE, `create table "${rebuilt}"`))).execute(db)
  await sql`insert into ${sql.id(rebuilt)} (${copied}) select ${copied} from ${sql.id(table)}`.execute(
    db,
  )
  await sql`drop table ${sql.id(table)}`.execute(db)
  await sql`alter table ${sql.id(rebuilt)} rename to ${sql.id(table)}`.execute(db)
  for (const index of indexes) await sql.raw(index.sql).execute(db)

  const { rows: broken } = await sql`pragma foreign_key_check`.execute(db)
  if (broken.length > 0) {
    throw new Error(`rebuilding ${table} broke ${broken.length} foreign key(s)`)
  }
}
