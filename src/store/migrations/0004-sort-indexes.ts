// 0004: indexes on lower(…) of the string properties lists are sorted and searched by: $orderby
// sorts strings case-insensitively and startswith seeks a lower(…) range (query-to-kysely.ts),
// so a page stays as cheap at a million rows as at a thousand (issue #7). Same SQL on both dialects.
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'

const INDEXES: ReadonlyArray<[table: string, column: string]> = [
  ['connectorGroups', 'name'],
  ['connectors', 'machineName'],
  ['users', 'displayName'],
  ['users', 'userPrincipalName'],
  ['groups', 'displayName'],
  ['applications', 'displayName'],
]

export const sortIndexesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const [table, column] of INDEXES) {
      const name = `${table}_by_lower_${column}`
      await sql`create index ${sql.id(name)} on ${sql.id(table)} ("tenantId", lower(${sql.id(column)}), "id")`.execute(
        db,
      )
    }
  },
}
