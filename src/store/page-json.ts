// A page of a collection as JSON text, for answers that need nothing of the items but their JSON.
// The statement is built and compiled by Kysely as for any page; where it runs is the reader's
// choice: SQLite's runs it on a thread of its own (src/store/sqlite/page-reader.ts), so that a
// 100-item page no longer holds the event loop for the ~0.3 ms of building and serialising its
// rows (W8 in bench/README.md); otherwise on the request's connection (paging.ts). This module
// stays free of Kysely, which takes the thread half a second to load from the TypeScript sources. Either way the rows pass through the same
// model decoder and $select projection as the object path, then JSON.stringify.
import { entityType } from '../model/entities.js'
import { project } from '../odata/serialize.js'
import type { KeyValue } from '../odata/skiptoken.js'
import { keysetValuesOf } from './keyset.js'
import type { KeysetShape } from './keyset.js'
import { decodeRow } from './row-codec.js'

/** A compiled page query: plain data, to cross to another thread. */
export interface PageStatement {
  readonly sql: string
  readonly parameters: readonly unknown[]
}

/** What to make of the rows: the query asked for `pageSize + 1` to learn whether more follow. */
export interface PageShape {
  /** A name in the model's ENTITY_TYPES. */
  readonly entity: string
  readonly select?: readonly string[]
  readonly pageSize: number
  readonly keyset: KeysetShape
}

export interface JsonItems {
  /** The items as a JSON array. */
  readonly json: string
  /** Keyset of the last item when another page follows. */
  readonly nextKeys?: KeyValue[]
}

export interface JsonPage extends JsonItems {
  readonly count?: number
}

export interface PageReader {
  read(statement: PageStatement, shape: PageShape): Promise<JsonItems>
  /** Stops what the reader started; reads after it fail. */
  close?(): Promise<void>
}

export function serialiseRows(
  rows: readonly Record<string, unknown>[],
  shape: PageShape,
): JsonItems {
  const entity = entityType(shape.entity)
  const items = rows.length > shape.pageSize ? rows.slice(0, shape.pageSize) : rows
  const json = JSON.stringify(
    items.map((row) => project(decodeRow<object>(entity, row), shape.select)),
  )
  const last = items[items.length - 1]
  return rows.length > shape.pageSize && last !== undefined
    ? { json, nextKeys: keysetValuesOf(last, shape.keyset) }
    : { json }
}
