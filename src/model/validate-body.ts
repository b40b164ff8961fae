// Request bodies checked against the entity model: unknown properties, wrong types, enum values
// outside the CSDL (D7), nulls where the model forbids them, required properties on create.
// Server-set properties in a body are accepted and ignored (spec §2.4, TF3213).
import { errors } from '../errors/catalogue.js'
import type { ComplexType, EntityTypeDef, PropertyDef, PropertyType } from './types.js'
import { edmTypeName, qualifiedName } from './types.js'

export type BodyMode = 'create' | 'update'

function checkValue(name: string, def: PropertyDef, type: PropertyType, value: unknown): unknown {
  if (value === null) {
    if (!def.nullable || type !== def.type) throw errors.nullNotAllowed(name)
    return null
  }
  switch (type.kind) {
    case 'primitive':
      switch (type.edm) {
        case 'Edm.Boolean':
          if (typeof value === 'boolean') return value
          break
        case 'Edm.Int32':
        case 'Edm.Int64':
          if (typeof value === 'number' && Number.isInteger(value)) return value
          break
        case 'Edm.DateTimeOffset':
          if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
            return new Date(value).toISOString()
          }
          break
        default:
          if (typeof value === 'string') return value
      }
      throw errors.invalidPropertyValue(name, edmTypeName(type))
    case 'enum':
      if (typeof value !== 'string') throw errors.invalidPropertyValue(name, edmTypeName(type))
      if (!type.enumType.members.includes(value)) {
        throw errors.invalidEnumValue(value, qualifiedName(type.enumType))
      }
      return value
    case 'complex':
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw errors.invalidPropertyValue(name, edmTypeName(type))
      }
      return checkComplex(type.complexType, value as Record<string, unknown>)
    case 'collection':
      if (!Array.isArray(value)) throw errors.invalidPropertyValue(name, edmTypeName(type))
      return value.map((item) => {
        if (item === null) throw errors.nullNotAllowed(name)
        return checkValue(name, def, type.element, item)
      })
  }
}

function checkComplex(type: ComplexType, value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [name, member] of Object.entries(value)) {
    if (name.includes('@')) continue
    const def = type.properties[name]
    if (def === undefined) throw errors.unknownProperty(name, qualifiedName(type))
    result[name] = checkValue(name, def, def.type, member)
  }
  return result
}

/**
 * The writable properties of `body`, checked. Instance annotations (`@odata.type`) and property
 * annotations (`name@odata.bind`) are left to the caller.
 */
export function validateBody(
  entity: EntityTypeDef,
  body: Record<string, unknown>,
  mode: BodyMode,
): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(body)) {
    if (name.includes('@')) continue
    const def = entity.properties[name]
    if (def === undefined) {
      if (name in entity.navigations) throw errors.writeOnlyOnContained()
      throw errors.unknownProperty(name, qualifiedName(entity))
    }
    if (def.access !== 'writable') continue
    result[name] = checkValue(name, def, def.type, value)
  }
  if (mode === 'create') {
    for (const [name, def] of Object.entries(entity.properties)) {
      if (def.requiredOnCreate && (result[name] === undefined || result[name] === null)) {
        throw errors.propertyRequired(name, qualifiedName(entity))
      }
    }
  }
  return result
}
