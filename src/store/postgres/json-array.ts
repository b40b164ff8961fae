// PostgreSQL's way into JSON text arrays (groupTypes and the like) for any/all lambdas. The cast
// accepts both json/text columns and jsonb ones.
import { sql } from 'kysely'
import type { SqlBool } from 'kysely'
import type { JsonArrayStrategy } from '../query-to-kysely.js'

export const postgresJsonArray: JsonArrayStrategy = {
  someElement: (column, predicate) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${column}::jsonb) AS je(v) WHERE ${predicate(sql.ref('je.v'))})`,
}
