// SQLite's way into JSON text arrays (groupTypes and the like) for any/all lambdas.
import { sql } from 'kysely'
import type { SqlBool } from 'kysely'
import type { JsonArrayStrategy } from '../query-to-kysely.js'

export const sqliteJsonArray: JsonArrayStrategy = {
  someElement: (column, predicate) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM json_each(${column}) AS je WHERE ${predicate(sql.ref('je.value'))})`,
}
