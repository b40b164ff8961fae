// How a better-sqlite3 statement takes values and gives rows, shared by the request thread's
// connection (dialect.ts) and the page reader's (page-reader-thread.ts).
import type Database from 'better-sqlite3'

/** SQLite has no booleans: 0 and 1, as the columns store them. */
export const toSqliteValue = (value: unknown): unknown =>
  typeof value === 'boolean' ? (value ? 1 : 0) : value

/**
 * Rows of a reader statement as objects, built here from raw arrays: better-sqlite3 builds each
 * row object from C++, property by property, and that took about a third of a 100-row read
 * (bench/README.md, profiling). Same keys, same order; a repeated column name keeps the last value.
 */
export function objectRows(
  prepared: Database.Statement,
): (row: unknown[]) => Record<string, unknown> {
  prepared.raw(true)
  const names = prepared.columns().map((column) => column.name)
  return (row) => {
    const object: Record<string, unknown> = {}
    for (let i = 0; i < names.length; i++) object[names[i] as string] = row[i]
    return object
  }
}
