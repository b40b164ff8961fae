// SQLite's column types for the shared migrations: text, and booleans as 0/1 integers.
import { sql } from 'kysely'
import type { ColumnTypes } from '../migrations/column-types.js'

export const SQLITE_COLUMNS: ColumnTypes = {
  text: 'text',
  boolean: 'integer',
  true: 1,
  false: 0,
  isTrue: (column) => sql`${sql.ref(column)} = 1`,
  booleanCheck: (column) => sql`${sql.ref(column)} in (0, 1)`,
}
