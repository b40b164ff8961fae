// Directory objects of any type (spec §2.1, §5.2): resolving an id or an `@odata.id` to the object
// it names, reading a page of refs back as typed entities, and deleting an object with every
// reference to it (spec §8.5).
import { errors } from '../errors/catalogue.js'
import type { ParsedReference } from '../odata/paths.js'
import type { Group } from '../store/groups.js'
import type { DirectoryRef } from '../store/members.js'
import type { StoreTx } from '../store/store.js'
import type { User } from '../store/users.js'
import { isGuid, objectId } from './ids.js'

export type DirectoryType = 'user' | 'group' | 'application'

export interface DirectoryEntity {
  readonly type: DirectoryType
  readonly entity: (User | Group | Record<string, unknown>) & { id: string }
}

/** The entity as a member of a directoryObject collection: `@odata.type` first (spec §2). */
export function typed(ref: DirectoryEntity): Record<string, unknown> {
  return { '@odata.type': `#microsoft.graph.${ref.type}`, ...ref.entity }
}

/** Finds a user (by id or userPrincipalName), group or application by key; undefined when none. */
export async function findDirectoryObject(
  tx: StoreTx,
  tenantId: string,
  key: string,
  types: readonly DirectoryType[] = ['user', 'group', 'application'],
): Promise<DirectoryEntity | undefined> {
  if (types.includes('user')) {
    const found = await tx.users.find(tenantId, key)
    if (found !== undefined) return { type: 'user', entity: found }
  }
  if (!isGuid(key)) return undefined
  const id = key.toLowerCase()
  if (types.includes('group')) {
    const found = await tx.groups.get(tenantId, id)
    if (found !== undefined) return { type: 'group', entity: found }
  }
  if (types.includes('application')) {
    const found = await tx.applications.get(tenantId, id)
    if (found !== undefined) {
      const { connectorGroupId: _group, ...app } = found
      return { type: 'application', entity: app }
    }
  }
  return undefined
}

const SET_TYPES: Record<ParsedReference['set'], readonly DirectoryType[]> = {
  directoryObjects: ['user', 'group', 'application'],
  users: ['user'],
  groups: ['group'],
  applications: ['application'],
  connectors: [],
  connectorGroups: [],
}

/** The object an `@odata.id` names (spec §5.2 steps 3–5): E9 for a bad key, E6 when missing. */
export async function resolveReference(
  tx: StoreTx,
  tenantId: string,
  reference: ParsedReference,
): Promise<DirectoryEntity> {
  if (!(reference.set === 'users' && reference.key.includes('@'))) objectId(reference.key)
  let types = SET_TYPES[reference.set]
  if (reference.cast !== undefined) types = types.filter((t) => t === reference.cast)
  const found = await findDirectoryObject(tx, tenantId, reference.key, types)
  if (found === undefined) throw errors.resourceNotFound(reference.key)
  return found
}

/** A page of refs read back as entities, in the page's order. */
export async function hydrate(
  tx: StoreTx,
  tenantId: string,
  refs: readonly DirectoryRef[],
): Promise<DirectoryEntity[]> {
  const ids = (type: string) => refs.filter((r) => r.type === type).map((r) => r.id)
  const byId = new Map<string, DirectoryEntity>()
  for (const u of await tx.users.getMany(tenantId, ids('user')))
    byId.set(u.id, { type: 'user', entity: u })
  for (const g of await tx.groups.getMany(tenantId, ids('group')))
    byId.set(g.id, { type: 'group', entity: g })
  return refs.flatMap((ref) => {
    const found = byId.get(ref.id)
    return found === undefined ? [] : [found]
  })
}

/**
 * Deletes a user, group or application in the caller's transaction: into the deleted-items bin
 * (restorable for 30 days), with every membership naming it removed (issue #4 §6).
 */
export async function moveToDeletedItems(
  tx: StoreTx,
  tenantId: string,
  object: DirectoryEntity,
  deletedDateTime: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { entity, type } = object
  await tx.members.removeAllOf(tenantId, entity.id)
  await tx.deletedItems.insert(tenantId, {
    id: entity.id,
    type,
    deletedDateTime,
    displayName: typeof entity.displayName === 'string' ? entity.displayName : null,
    data: { ...entity, ...extra },
  })
}
