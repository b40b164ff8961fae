// PostgreSQL's column types for the shared migrations. Text sorts in byte order, as SQLite compares
// it, so $orderby and keyset paging give the same order on both backends whatever the database locale.
import { sql } from 'kysely'
import type { ColumnTypes } from '../migrations/column-types.js'

export const POSTGRES_COLUMNS: ColumnTypes = {
  text: sql`text collate "C"`,
  boolean: 'boolean',
  true: true,
  false: false,
  isTrue: (column) => sql`${sql.ref(column)}`,
  booleanCheck: () => undefined,
}
