// 0005: drops the indexes on raw names from 0001 and 0003. Every string comparison and sort runs on
// lower(…) (query-to-kysely.ts), which the indexes of 0004 serve, so no query could use these; they
// only cost every insert and rename an extra B-tree write (issue #7, bench/README.md).
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'

const UNUSED = ['connectorGroups_by_name', 'groups_by_name']

export const dropUnusedIndexesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const name of UNUSED) await sql`drop index ${sql.id(name)}`.execute(db)
  },
}
