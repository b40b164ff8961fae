// 0006 (SQLite only): the tables whose lists page through many small rows in key order are stored
// in that order (without-rowid.ts explains the gain). Not the directory's users, groups and
// applications: their rows are large (JSON arrays, publishing settings), and SQLite advises
// WITHOUT ROWID only for rows well under a twentieth of a page (sqlite.org/withoutrowid.html §4).
// PostgreSQL has no equivalent kept up on writes; its tables stay heaps behind their keys.
import type { Kysely, Migration } from 'kysely'
import { rebuildWithoutRowid } from './without-rowid.js'

/** Connector groups and connectors (App Proxy lists, members), and membership rows (nesting walks). */
const CLUSTERED = ['connectorGroups', 'connectors', 'members']

export const clusteredKeysMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const table of CLUSTERED) await rebuildWithoutRowid(db, table)
  },
}
