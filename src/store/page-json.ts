// A page of a collection as JSON text, for answers that need nothing of the items but their JSON.
// The statement comes from json-paging.ts; where it runs is the reader's choice: SQLite's runs it
// on a thread of its own (src/store/sqlite/page-reader.ts), so that a 100-item page no longer
// holds the event loop for reading and serialising its rows (W8 in bench/README.md); otherwise on
// the request's connection (paging.ts). This module stays free of Kysely, which takes the thread
// half a second to load from the TypeScript sources. Where the dialect can, the database writes
// each item's JSON itself (ItemJsonStrategy); otherwise the rows pass through the same model
// decoder and $select projection as the object path, then JSON.stringify.
import { entityType } from '../model/entities.js'
import { project } from '../odata/serialize.js'
import { encodeSkipToken } from '../odata/skiptoken.js'
import type { KeyValue, SkipTokenSeal } from '../odata/skiptoken.js'
import { keysetValuesOf } from './keyset.js'
import type { KeysetShape } from './keyset.js'
import { decodeRow } from './row-codec.js'

/** A compiled page query: plain data, to cross to another thread. */
export interface PageStatement {
  readonly sql: string
  readonly parameters: readonly unknown[]
}

/** The column holding an item's JSON text when the database wrote it: no property is so named. */
export const ITEM_JSON = '@item'

/** What to make of the rows: the query asked for `pageSize + 1` to learn whether more follow. */
export interface PageShape {
  /** A name in the model's ENTITY_TYPES. */
  readonly entity: string
  readonly select?: readonly string[]
  readonly pageSize: number
  readonly keyset: KeysetShape
  /** Each row holds its item's JSON, $select applied, in ITEM_JSON, beside the keyset's values. */
  readonly itemsAsJson?: boolean
  /**
   * With itemsAsJson: the item holds every keyset value, so ITEM_JSON is the rows' one column
   * and the keyset is read from the last item. One value a row instead of two or more: most of
   * a page's reading cost is better-sqlite3 making each value (bench/README.md, ninth session).
   */
  readonly keysetInItem?: boolean
}

export interface JsonItems {
  /** The items as a JSON array. */
  readonly json: string
  /** Keyset of the last item when another page follows. */
  readonly nextKeys?: KeyValue[]
  /** With a seal: nextKeys as the next page's signed $skiptoken. */
  readonly nextToken?: string
}

export interface JsonPage extends JsonItems {
  readonly count?: number
}

export interface PageReader {
  read(statement: PageStatement, shape: PageShape, seal?: SkipTokenSeal): Promise<JsonItems>
  /** Stops what the reader started; reads after it fail. */
  close?(): Promise<void>
}

export function serialiseRows(
  rows: readonly Record<string, unknown>[],
  shape: PageShape,
  seal?: SkipTokenSeal,
): JsonItems {
  if (shape.keysetInItem === true)
    return serialiseItems(
      rows.map((row) => row[ITEM_JSON]),
      shape,
      seal,
    )
  const items = rows.length > shape.pageSize ? rows.slice(0, shape.pageSize) : rows
  const json =
    shape.itemsAsJson === true ? joinItems(items, ITEM_JSON) : stringifyItems(items, shape)
  const last = items[items.length - 1]
  return rows.length > shape.pageSize && last !== undefined
    ? withNext(json, keysetValuesOf(last, shape.keyset), seal)
    : { json }
}

/** A page whose rows are its items' JSON alone (PageShape.keysetInItem). */
export function serialiseItems(
  rows: readonly unknown[],
  shape: PageShape,
  seal?: SkipTokenSeal,
): JsonItems {
  const items = rows.length > shape.pageSize ? rows.slice(0, shape.pageSize) : rows
  const json = joinItems(items)
  const last = items[items.length - 1]
  return rows.length > shape.pageSize && typeof last === 'string'
    ? withNext(
        json,
        keysetValuesOf(JSON.parse(last) as Record<string, unknown>, shape.keyset),
        seal,
      )
    : { json }
}

function withNext(json: string, nextKeys: KeyValue[], seal: SkipTokenSeal | undefined): JsonItems {
  if (seal === undefined) return { json, nextKeys }
  return { json, nextKeys, nextToken: encodeSkipToken(nextKeys, seal.fingerprint, seal.secret) }
}

function joinItems(rows: readonly unknown[], column?: string): string {
  let json = '['
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]
    const item = column === undefined ? row : (row as Record<string, unknown>)[column]
    if (typeof item !== 'string') throw new Error(`page reader: no item JSON in row ${i}`)
    json += i === 0 ? item : `,${item}`
  }
  return `${json}]`
}

function stringifyItems(rows: readonly Record<string, unknown>[], shape: PageShape): string {
  const entity = entityType(shape.entity)
  return JSON.stringify(rows.map((row) => project(decodeRow<object>(entity, row), shape.select)))
}
