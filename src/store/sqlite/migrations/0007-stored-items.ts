// 0007 (SQLite only): connector groups keep each item's JSON in a stored generated column, so
// that a page of them reads one string per row (../stored-items.ts says why and how it is kept
// current). The expression is the one item-json.ts made from the model when this migration was
// written; it stays as it is here, as every migration does, and a later change of the model
// needs a migration of its own (the store checks, and falls back until there is one).
// PostgreSQL writes its items in JavaScript and has no such column.
import type { Kysely, Migration } from 'kysely'
import { withStoredItem } from '../stored-items.js'
import { rebuildTable } from './rebuild-table.js'

const CONNECTOR_GROUP_ITEM = `(
  '{"id":' || json_quote("id")
  || ',"name":' || json_quote("name")
  || ',"connectorGroupType":' || json_quote("connectorGroupType")
  || ',"isDefault":' || case when "isDefault" is null then 'null' when "isDefault" = 1 then 'true' else 'false' end
  || ',"region":' || json_quote("region")
  || '}'
)`

export const storedItemsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await rebuildTable(db, 'connectorGroups', (createSql) =>
      withStoredItem(createSql, CONNECTOR_GROUP_ITEM),
    )
  },
}
