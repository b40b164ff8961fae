// Object identifiers: GUIDs, checked before any lookup (spec §1, E9).
import { randomUUID } from 'node:crypto'
import { errors } from '../errors/catalogue.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isGuid(value: string): boolean {
  return GUID.test(value)
}

/** The id in its stored (lower-case) form, or E9 when it is not a GUID. */
export function objectId(value: string): string {
  if (!isGuid(value)) throw errors.invalidObjectIdentifier(value)
  return value.toLowerCase()
}

export function newObjectId(): string {
  return randomUUID()
}
