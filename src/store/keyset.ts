// The values of a row that a skip token carries: one per order key, then the id. Kept apart from
// the SQL (query-to-kysely.ts) because the page reader's thread needs them without Kysely
// (src/store/sqlite/page-reader.ts).
import type { BoundOrderKey } from '../odata/bound.js'
import type { KeyValue } from '../odata/skiptoken.js'

/** Strings sort case-insensitively, as Graph orders directory strings; so do their keysets. */
export const isStringKey = (key: BoundOrderKey): boolean =>
  key.property.def.type.kind === 'primitive' && key.property.def.type.edm === 'Edm.String'

const isBooleanKey = (key: BoundOrderKey): boolean =>
  key.property.def.type.kind === 'primitive' && key.property.def.type.edm === 'Edm.Boolean'

/** Which values of a row make its keyset, which compare lower-cased, which are booleans. */
export interface KeysetShape {
  readonly names: readonly string[]
  readonly lowered: readonly string[]
  /** Stored as 0/1 by SQLite, read as true/false from an item's JSON: a token holds booleans. */
  readonly booleans?: readonly string[]
}

export function keysetShape(keys: readonly BoundOrderKey[], keyProperty = 'id'): KeysetShape {
  const booleans = keys.filter(isBooleanKey).map((key) => key.property.name)
  return {
    names: [...keys.map((key) => key.property.name), keyProperty],
    lowered: keys.filter(isStringKey).map((key) => key.property.name),
    ...(booleans.length === 0 ? {} : { booleans }),
  }
}

export function keysetValuesOf(
  row: Readonly<Record<string, unknown>>,
  shape: KeysetShape,
): KeyValue[] {
  return shape.names.map((name) => {
    const value = row[name]
    if (value === null || value === undefined) return null
    if (shape.booleans?.includes(name) === true)
      return value === true || value === 1 || value === '1'
    if (typeof value === 'string') return shape.lowered.includes(name) ? value.toLowerCase() : value
    if (typeof value === 'number' || typeof value === 'boolean') return value
    if (value instanceof Date) return value.toISOString()
    throw new Error(`The sort key '${name}' has a value a skip token cannot hold`)
  })
}

export function keysetValues(
  row: Readonly<Record<string, unknown>>,
  keys: readonly BoundOrderKey[],
  keyProperty = 'id',
): KeyValue[] {
  return keysetValuesOf(row, keysetShape(keys, keyProperty))
}
