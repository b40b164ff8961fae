// Connector groups keep each item's JSON in a column SQLite computes on every write: "@item", a
// STORED generated column whose expression is the one item-json.ts makes from the model. A page
// of them is then one stored string per row, read as it is, instead of that expression evaluated
// for every row of every page: 90 → 44 µs for a 101-row page in one process, and about a fifth
// of W8's CPU per page in the server (bench/README.md). It costs the table about 45% more space.
//
// SQLite keeps the column right for the row by itself; what it cannot know is whether the
// expression is still the model's. The migration that added it (migrations/0007-stored-items.ts)
// wrote the expression of its day, and a store uses the column only where the database's
// expression is still what the model makes now (currentStoredItems). After a model change without
// a new migration the pages fall back to the expression, which is right and only slower, and
// test/unit/store/stored-items.test.ts fails so that the migration gets written.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { CONNECTOR_GROUP_PAGES } from '../connector-groups.js'
import { shownProperties } from '../json-paging.js'
import type { PageSource } from '../json-paging.js'
import { ITEM_JSON } from '../page-json.js'
import { sqliteItemJson } from './item-json.js'

/** The column definition that keeps `expression`, the item JSON of a row. */
export function storedItemColumn(expression: string): string {
  return `"${ITEM_JSON}" text generated always as (${expression}) stored`
}

/** Adds the stored item column to a CREATE TABLE text, after the columns (for rebuild-table.ts). */
export function withStoredItem(createSql: string, expression: string): string {
  const constraints = createSql.search(/,\s*constraint\s/i)
  if (constraints < 0)
    throw new Error('stored item: the table has no named constraint to add it before')
  return `${createSql.slice(0, constraints)}, ${storedItemColumn(expression)}${createSql.slice(constraints)}`
}

/** What a page source says of its items and where they may be kept. */
type ItemSource = Pick<PageSource<never, never>, 'name' | 'entity' | 'columns' | 'storedItemTable'>

/** The page sources whose tables may keep their items. */
export const STORED_ITEM_SOURCES: readonly ItemSource[] = [CONNECTOR_GROUP_PAGES]

/** What the model makes of the source's item now, its columns unqualified as in the table. */
export function modelItemExpression(db: Kysely<unknown>, source: ItemSource): string {
  const item = sqliteItemJson.item(shownProperties(source, undefined), (name) => sql.ref(name))
  if (item === undefined)
    throw new Error(`stored item: ${source.name} has a property SQLite cannot write as JSON`)
  return item.compile(db).sql
}

const squeeze = (text: string) => text.replace(/\s+/g, '')

/**
 * The sources whose table holds a stored item column with the expression the model makes now;
 * their pages read the column (json-paging.ts).
 */
export async function currentStoredItems(
  db: Kysely<unknown>,
  sources: readonly ItemSource[],
): Promise<ReadonlySet<string>> {
  const current = new Set<string>()
  for (const source of sources) {
    if (source.storedItemTable === undefined) continue
    const { rows } = await sql<{ sql: string }>`
      select sql from sqlite_schema where type = 'table' and name = ${source.storedItemTable}`.execute(
      db,
    )
    const createSql = rows[0]?.sql
    const expected = storedItemColumn(modelItemExpression(db, source))
    if (createSql !== undefined && squeeze(createSql).includes(squeeze(expected))) {
      current.add(source.name)
    }
  }
  return current
}
