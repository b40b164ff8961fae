// The SQLite migrations in order: the shared schema steps of src/store/migrations/ with
// this dialect's column types. test/api/migrations.test.ts checks both end with the same tables.
import type { Migration } from 'kysely'
import { appProxyMigration } from '../../migrations/0001-app-proxy.js'
import { identityMigration } from '../../migrations/0002-identity.js'
import { directoryMigration } from '../../migrations/0003-directory.js'
import { sortIndexesMigration } from '../../migrations/0004-sort-indexes.js'
import { dropUnusedIndexesMigration } from '../../migrations/0005-drop-unused-indexes.js'
import { SQLITE_COLUMNS } from '../columns.js'
import { clusteredKeysMigration } from './0006-clustered-keys.js'
import { storedItemsMigration } from './0007-stored-items.js'

export const SQLITE_MIGRATIONS: Record<string, Migration> = {
  '0001-app-proxy': appProxyMigration(SQLITE_COLUMNS),
  '0002-identity': identityMigration(SQLITE_COLUMNS),
  '0003-directory': directoryMigration(SQLITE_COLUMNS),
  '0004-sort-indexes': sortIndexesMigration,
  '0005-drop-unused-indexes': dropUnusedIndexesMigration,
  '0006-clustered-keys': clusteredKeysMigration,
  '0007-stored-items': storedItemsMigration,
}
