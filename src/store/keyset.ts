// The values of a row that a skip token carries: one per order key, then the id. Kept apart from
// the SQL (query-to-kysely.ts) because the page reader's thread needs them without Kysely
// (src/store/sqlite/page-reader.ts).
import type { BoundOrderKey } from '../odata/bound.js'
import type { KeyValue } from '../odata/skiptoken.js'

/** Strings sort case-insensitively, as Graph orders directory strings; so do their keysets. */
export const isStringKey = (key: BoundOrderKey): boolean =>
  key.property.def.type.kind === 'primitive' && key.property.def.type.edm === 'Edm.String'

/** Which values of a row make its keyset, and which compare lower-cased: plain data. */
export interface KeysetShape {
  readonly names: readonly string[]
  readonly lowered: readonly string[]
}

export function keysetShape(keys: readonly BoundOrderKey[], keyProperty = 'id'): KeysetShape {
  return {
    names: [...keys.map((key) => key.property.name), keyProperty],
    lowered: keys.filter(isStringKey).map((key) => key.property.name),
  }
}

export function keysetValuesOf(
  row: Readonly<Record<string, unknown>>,
  shape: KeysetShape,
): KeyValue[] {
  return shape.names.map((name) => {
    const value = row[name]
    if (value === null || value === undefined) return null
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
