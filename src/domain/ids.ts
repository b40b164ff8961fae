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

/**
 * A new object id: a version-7 GUID (RFC 9562), whose first 48 bits are the creation time in
 * milliseconds and the rest random (74 bits). Tables are keyed by id, so random (version-4) ids
 * put each insert on a random page of the key's B-tree: a commit of 50 creates rewrote some 30
 * pages into the WAL, and the checkpoints copied them again. Time-ordered ids land together
 * (bench/README.md, W3). Graph's own ids are random GUIDs; both kinds are opaque to clients.
 */
export function newObjectId(): string {
  // randomUUID draws from a cached pool: its random bits after the version nibble are kept.
  const random = randomUUID()
  const time = Date.now().toString(16).padStart(12, '0')
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`
}
