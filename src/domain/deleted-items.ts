// The deleted-items bin (spec §8.5): deleted users, groups and applications are kept for 30 days
// and can be restored. A restore brings back the object with its properties (and a user's
// password), not its memberships; an application returns to the default connector group.
import { errors } from '../errors/catalogue.js'
import type { Application } from '../store/applications.js'
import type { DeletedItem } from '../store/deleted-items.js'
import type { Group } from '../store/groups.js'
import type { ListQuery, Page } from '../store/paging.js'
import { StoreConflict } from '../store/store.js'
import type { StoreTx } from '../store/store.js'
import type { User } from '../store/users.js'
import type { DomainDeps, RequestContext } from './context.js'
import type { DirectoryEntity, DirectoryType } from './directory-objects.js'
import { objectId } from './ids.js'

export const RETENTION_DAYS = 30
const PRIVATE_PREFIX = '#'

const retainedSince = (now: Date) =>
  new Date(now.getTime() - RETENTION_DAYS * 86_400_000).toISOString()

/** The object as Graph shows a deleted item: its properties and `deletedDateTime`. */
export function shown(item: DeletedItem): DirectoryEntity {
  const entity = Object.fromEntries(
    Object.entries(item.data).filter(([key]) => !key.startsWith(PRIVATE_PREFIX)),
  )
  return {
    type: item.type as DirectoryType,
    entity: { ...entity, id: item.id, deletedDateTime: item.deletedDateTime },
  }
}

async function requireDeleted(
  tx: StoreTx,
  tenantId: string,
  rawId: string,
  now: Date,
): Promise<DeletedItem> {
  const id = objectId(rawId)
  const item = await tx.deletedItems.get(tenantId, id)
  if (item === undefined || item.deletedDateTime < retainedSince(now))
    throw errors.resourceNotFound(id)
  return item
}

export function listDeletedItems(
  deps: DomainDeps,
  ctx: RequestContext,
  type: DirectoryType,
  query: ListQuery,
): Promise<Page<DirectoryEntity>> {
  return deps.store.read(async (tx) => {
    const page = await tx.deletedItems.list(ctx.tenantId, type, query, retainedSince(deps.now()))
    return { ...page, items: page.items.map(shown) }
  })
}

export function getDeletedItem(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<DirectoryEntity> {
  return deps.store.read(async (tx) =>
    shown(await requireDeleted(tx, ctx.tenantId, id, deps.now())),
  )
}

export async function purgeDeletedItem(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const item = await requireDeleted(tx, ctx.tenantId, id, deps.now())
    await tx.deletedItems.delete(ctx.tenantId, item.id)
  })
}

export async function restoreDeletedItem(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<DirectoryEntity> {
  try {
    return await deps.store.transaction(async (tx) => {
      const item = await requireDeleted(tx, ctx.tenantId, id, deps.now())
      const { entity } = shown(item)
      const restored = { ...entity, deletedDateTime: null }
      switch (item.type) {
        case 'user': {
          const upn = String((restored as User).userPrincipalName)
          if ((await tx.users.find(ctx.tenantId, upn)) !== undefined)
            throw errors.propertyValueExists('userPrincipalName')
          const hash = item.data[`${PRIVATE_PREFIX}passwordHash`]
          await tx.users.upsert(
            ctx.tenantId,
            restored as User,
            typeof hash === 'string' ? hash : null,
          )
          break
        }
        case 'group':
          await tx.groups.insert(ctx.tenantId, restored as Group)
          break
        case 'application': {
          const app = restored as Application
          const group =
            app.onPremisesPublishing === null
              ? null
              : ((await tx.connectorGroups.getDefault(ctx.tenantId))?.id ?? null)
          await tx.applications.insert(ctx.tenantId, app, group)
          break
        }
        default:
          throw errors.resourceNotFound(item.id)
      }
      await tx.deletedItems.delete(ctx.tenantId, item.id)
      return { type: item.type as DirectoryType, entity: restored }
    })
  } catch (error) {
    if (error instanceof StoreConflict && error.kind === 'duplicate')
      throw errors.propertyValueExists('appId')
    throw error
  }
}
