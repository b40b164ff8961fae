// The PostgreSQL migrations in order. Names match src/store/sqlite/migrations/ one for one, and
// test/api/migrations.test.ts checks that both end with the same tables and columns.
import { sql } from 'kysely'
import { directoryMigration } from '../../migrations/0003-directory.js'
import type { Migration } from 'kysely'
import { migration0001 } from './0001-app-proxy.js'
import { migration0002 } from './0002-identity.js'

export const POSTGRES_MIGRATIONS: Record<string, Migration> = {
  '0001-app-proxy': migration0001,
  '0002-identity': migration0002,
  '0003-directory': directoryMigration({ text: sql`text collate "C"`, boolean: 'boolean' }),
}
