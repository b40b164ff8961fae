// What a migration needs to know about a dialect's columns; each dialect folder exports one, so a
// migration is written once for both databases (STYLE.md §4: dialect folders hold what differs).
import type { RawBuilder } from 'kysely'

export interface ColumnTypes {
  text: RawBuilder<unknown> | 'text'
  boolean: 'boolean' | 'integer'
  /** How a boolean column holds true and false: `true`/`false`, or SQLite's 1/0. */
  true: boolean | number
  false: boolean | number
  /** `"col"` as a predicate: `"col"` on PostgreSQL, `"col" = 1` on SQLite. */
  isTrue(column: string): RawBuilder<unknown>
  /** SQLite has no boolean type: a CHECK keeps its integer columns at 0 or 1. */
  booleanCheck(column: string): RawBuilder<unknown> | undefined
}
