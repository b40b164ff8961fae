// Applications (spec §2.6, §3.4): CRUD, and their App Proxy connector group (A1–A3). An application
// gets the default group when on-premises publishing is first configured on it, and falls back to
// it when its assignment is removed.
import { randomUUID } from 'node:crypto'
import { errors } from '../errors/catalogue.js'
import { application as applicationType } from '../model/entities.js'
import { validateBody } from '../model/validate-body.js'
import type { Application } from '../store/applications.js'
import type { ConnectorGroup } from '../store/connector-groups.js'
import type { ListQuery, Page } from '../store/paging.js'
import { StoreConflict } from '../store/store.js'
import type { StoreTx } from '../store/store.js'
import { requireConnectorGroup } from './connector-groups.js'
import type { DomainDeps, RequestContext } from './context.js'
import { moveToDeletedItems } from './directory-objects.js'
import { newObjectId, objectId } from './ids.js'

type StoredApplication = Application & { connectorGroupId: string | null }

export async function requireApplication(
  tx: StoreTx,
  tenantId: string,
  rawId: string,
): Promise<StoredApplication> {
  const id = objectId(rawId)
  const found = await tx.applications.get(tenantId, id)
  if (found === undefined) throw errors.resourceNotFound(id)
  return found
}

const withoutGroup = ({ connectorGroupId: _group, ...app }: StoredApplication): Application => app

export function listApplications(
  deps: DomainDeps,
  ctx: RequestContext,
  query: ListQuery,
): Promise<Page<Application>> {
  return deps.store.read((tx) => tx.applications.list(ctx.tenantId, query))
}

export function countApplications(
  deps: DomainDeps,
  ctx: RequestContext,
  query: Pick<ListQuery, 'filter' | 'search'>,
): Promise<number> {
  return deps.store.read((tx) => tx.applications.count(ctx.tenantId, query))
}

export async function getApplication(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<Application> {
  return withoutGroup(await deps.store.read((tx) => requireApplication(tx, ctx.tenantId, id)))
}

/** The default group, for applications that publish on premises and have none yet. */
async function defaultGroupFor(
  tx: StoreTx,
  tenantId: string,
  app: Partial<Application>,
): Promise<string | null> {
  if (app.onPremisesPublishing === null || app.onPremisesPublishing === undefined) return null
  return (await tx.connectorGroups.getDefault(tenantId))?.id ?? null
}

export async function createApplication(
  deps: DomainDeps,
  ctx: RequestContext,
  body: Record<string, unknown>,
): Promise<Application> {
  const input = validateBody(applicationType, body, 'create') as Partial<Application>
  try {
    return await deps.store.transaction(async (tx) => {
      const created: Application = {
        id: newObjectId(),
        deletedDateTime: null,
        appId: randomUUID(),
        displayName: input.displayName ?? null,
        description: input.description ?? null,
        signInAudience: input.signInAudience ?? 'AzureADMyOrg',
        createdDateTime: deps.now().toISOString(),
        onPremisesPublishing: input.onPremisesPublishing ?? null,
      }
      await tx.applications.insert(
        ctx.tenantId,
        created,
        await defaultGroupFor(tx, ctx.tenantId, created),
      )
      return created
    })
  } catch (error) {
    if (error instanceof StoreConflict && error.kind === 'duplicate')
      throw errors.propertyValueExists('appId')
    throw error
  }
}

export function updateApplication(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
  body: Record<string, unknown>,
): Promise<Application> {
  const changes = validateBody(applicationType, body, 'update') as Partial<Application>
  return deps.store.transaction(async (tx) => {
    const found = await requireApplication(tx, ctx.tenantId, id)
    // A PATCH of a complex property merges into the stored value, as Graph does for complex types.
    if (changes.onPremisesPublishing !== undefined && changes.onPremisesPublishing !== null) {
      changes.onPremisesPublishing = {
        ...(found.onPremisesPublishing ?? {}),
        ...changes.onPremisesPublishing,
      }
    }
    await tx.applications.update(ctx.tenantId, found.id, changes)
    const updated = { ...found, ...changes }
    if (updated.connectorGroupId === null) {
      const group = await defaultGroupFor(tx, ctx.tenantId, updated)
      if (group !== null) await tx.applications.setConnectorGroup(ctx.tenantId, found.id, group)
    }
    return withoutGroup(updated)
  })
}

export async function deleteApplication(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const found = await requireApplication(tx, ctx.tenantId, id)
    const deletedDateTime = deps.now().toISOString()
    await tx.applications.delete(ctx.tenantId, found.id)
    await moveToDeletedItems(
      tx,
      ctx.tenantId,
      { type: 'application', entity: { ...withoutGroup(found), deletedDateTime } },
      deletedDateTime,
    )
  })
}

/** A1–A3 act only on applications that publish on premises (spec §3.4, E21). */
function requirePublishing(app: StoredApplication): void {
  if (app.onPremisesPublishing === null) throw errors.applicationNotPublished(app.id)
}

/** A2: the assigned group; the default group when there is no explicit assignment (TF3213). */
export function getApplicationConnectorGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<ConnectorGroup> {
  return deps.store.read(async (tx) => {
    const app = await requireApplication(tx, ctx.tenantId, id)
    requirePublishing(app)
    const groupId = app.connectorGroupId ?? (await defaultGroupFor(tx, ctx.tenantId, app))
    const group = groupId === null ? undefined : await tx.connectorGroups.get(ctx.tenantId, groupId)
    if (group === undefined) throw errors.resourceNotFound(app.id)
    return group
  })
}

/** A1: PUT connectorGroup/$ref replaces the assignment (204). */
export async function setApplicationConnectorGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
  groupId: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const app = await requireApplication(tx, ctx.tenantId, id)
    requirePublishing(app)
    const group = await requireConnectorGroup(tx, ctx.tenantId, groupId)
    await tx.applications.setConnectorGroup(ctx.tenantId, app.id, group.id)
  })
}

/** A3: back to the default group; an application already there cannot leave it this way. */
export async function removeApplicationConnectorGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const app = await requireApplication(tx, ctx.tenantId, id)
    requirePublishing(app)
    const defaultGroup = await defaultGroupFor(tx, ctx.tenantId, app)
    if (app.connectorGroupId === null || app.connectorGroupId === defaultGroup)
      throw errors.alreadyOnDefaultGroup()
    await tx.applications.setConnectorGroup(ctx.tenantId, app.id, defaultGroup)
  })
}
