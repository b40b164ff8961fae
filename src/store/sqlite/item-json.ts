// SQLite writes a page's items as JSON text itself: the page reader's thread then takes one
// string per item instead of building every value as a JavaScript object, decoding, projecting
// and serialising it again, which was most of its time per page (W8 in bench/README.md).
//
// The text must be what JSON.stringify writes for the decoded item, byte for byte:
// - json_quote escapes text as JSON.stringify does (", \, \b \f \n \r \t, \u00xx for the other
//   control characters, everything else as it is), and both read the same stored bytes;
// - integers print alike; booleans are stored as 0/1 and decoded as row-codec.ts does;
// - a NULL column is null, as the decoder makes it.
// test/unit/store/item-json.test.ts holds it to that over random rows and every BMP character.
// What cannot be held to it falls back to the JavaScript path: see valueJson.
import { sql } from 'kysely'
import type { Expression, RawBuilder } from 'kysely'
import type { PropertyType } from '../../model/types.js'
import type { ItemJsonStrategy } from '../json-paging.js'

function valueJson(type: PropertyType, value: Expression<unknown>): RawBuilder<string> | undefined {
  switch (type.kind) {
    case 'enum':
      return sql`json_quote(${value})`
    case 'primitive':
      switch (type.edm) {
        case 'Edm.Boolean':
          return sql`case when ${value} is null then 'null' when ${value} = 1 then 'true' else 'false' end`
        case 'Edm.Int64':
          // SQLite prints a 64-bit integer exactly; the JavaScript path rounds it to a double.
          return undefined
        default:
          return sql`json_quote(${value})`
      }
    case 'complex':
    case 'collection':
      // Stored as JSON text: JSON.parse then JSON.stringify may respell its numbers and escapes.
      return undefined
  }
}

export const sqliteItemJson: ItemJsonStrategy = {
  item(properties, column) {
    const parts: RawBuilder<unknown>[] = []
    for (const [name, def] of properties) {
      const value = valueJson(def.type, column(name))
      if (value === undefined) return undefined
      // Property names are model identifiers; JSON.stringify spells them as JSON.stringify would.
      parts.push(sql.lit(`${parts.length === 0 ? '{' : ','}${JSON.stringify(name)}:`), value)
    }
    if (parts.length === 0) return sql<string>`'{}'`
    parts.push(sql.lit('}'))
    return sql<string>`(${sql.join(parts, sql` || `)})`
  },
}
