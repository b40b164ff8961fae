// Turns stored rows into entity JSON and back, driven by the model: booleans arrive as 0/1 from
// SQLite, complex and collection values are JSON text, and columns not in the model stay behind.
import type { EntityTypeDef, PropertyDef } from '../model/types.js'

function decodeValue(def: PropertyDef, value: unknown): unknown {
  if (value === null || value === undefined) return null
  switch (def.type.kind) {
    case 'complex':
    case 'collection':
      return typeof value === 'string' ? JSON.parse(value) : value
    case 'primitive':
      if (def.type.edm === 'Edm.Boolean') return value === true || value === 1 || value === '1'
      return value
    case 'enum':
      return value
  }
}

function encodeValue(def: PropertyDef, value: unknown): unknown {
  if (value === null || value === undefined) return null
  return def.type.kind === 'complex' || def.type.kind === 'collection'
    ? JSON.stringify(value)
    : value
}

/** A row → the entity's JSON object, with properties in model order. */
export function decodeRow<T>(entity: EntityTypeDef, row: Record<string, unknown>): T {
  const result: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(entity.properties)) {
    if (name in row) result[name] = decodeValue(def, row[name])
  }
  return result as T
}

/** Entity properties → column values; properties not in the model are dropped. */
export function encodeProperties(
  entity: EntityTypeDef,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(values)) {
    const def = entity.properties[name]
    if (def !== undefined && def.access !== 'computed') result[name] = encodeValue(def, value)
  }
  return result
}
