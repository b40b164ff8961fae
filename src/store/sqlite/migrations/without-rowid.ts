// Rebuilds a SQLite table as a WITHOUT ROWID table, stored in the order of its primary key
// (tenantId, id…) instead of behind a separate key index (sqlite.org/withoutrowid.html).
//
// A page of a list (`…?$top=100`, ordered by id) then reads consecutive rows of one B-tree; on a
// rowid table it read the key index and then fetched each row from the table by rowid, one
// B-tree descent per row, and with more rows than SQLite's page cache those descents went to the
// file (bench/README.md: 670 → 176 µs for a 101-row page of 100,000 groups).
import type { Kysely } from 'kysely'
import { rebuildTable } from './rebuild-table.js'

/** Runs inside the migrations' transaction (rebuild-table.ts). */
export function rebuildWithoutRowid(db: Kysely<unknown>, table: string): Promise<void> {
  return rebuildTable(db, table, (createSql) => `${createSql} without rowid`)
}
