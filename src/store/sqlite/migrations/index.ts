// The SQLite migrations in order. Numbers match src/store/postgres/migrations/ one for one.
import { directoryMigration } from '../../migrations/0003-directory.js'
import type { Migration } from 'kysely'
import { migration0001 } from './0001-app-proxy.js'
import { migration0002 } from './0002-identity.js'

export const SQLITE_MIGRATIONS: Record<string, Migration> = {
  '0001-app-proxy': migration0001,
  '0002-identity': migration0002,
  '0003-directory': directoryMigration({ text: 'text', boolean: 'integer' }),
}
