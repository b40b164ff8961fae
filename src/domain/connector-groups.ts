// Connector groups (spec §3.3, §8.2–8.3): the default group, the region lock, and the rule that
// only an empty group can be deleted. Each write is one store transaction.
import { errors } from '../errors/catalogue.js'
import { connectorGroup } from '../model/entities.js'
import { validateBody } from '../model/validate-body.js'
import type { Application } from '../store/applications.js'
import type { ConnectorGroup } from '../store/connector-groups.js'
import type { Connector } from '../store/connectors.js'
import type { ListQuery, Page } from '../store/paging.js'
import type { JsonPage } from '../store/page-json.js'
import { StoreConflict } from '../store/store.js'
import type { StoreTx } from '../store/store.js'
import type { Tenant } from '../store/tenants.js'
import type { DomainDeps, RequestContext } from './context.js'
import { newObjectId, objectId } from './ids.js'

export async function requireConnectorGroup(
  tx: StoreTx,
  tenantId: string,
  rawId: string,
): Promise<ConnectorGroup> {
  const id = objectId(rawId)
  const group = await tx.connectorGroups.get(tenantId, id)
  if (group === undefined) throw errors.appProxyObjectNotFound(id)
  return group
}

export function listConnectorGroups(
  deps: DomainDeps,
  ctx: RequestContext,
  query: ListQuery,
): Promise<Page<ConnectorGroup>> {
  return deps.store.read((tx) => tx.connectorGroups.list(ctx.tenantId, query))
}

/** The same page as JSON, for answers without $expand (src/store/page-json.ts). */
export function listConnectorGroupsJson(
  deps: DomainDeps,
  ctx: RequestContext,
  query: ListQuery,
  select: readonly string[] | undefined,
): Promise<JsonPage> {
  return deps.store.read((tx) => tx.connectorGroups.listJson(ctx.tenantId, query, select))
}

export function countConnectorGroups(
  deps: DomainDeps,
  ctx: RequestContext,
  query: Pick<ListQuery, 'filter' | 'search'>,
): Promise<number> {
  return deps.store.read((tx) => tx.connectorGroups.count(ctx.tenantId, query))
}

export function countConnectorGroupMembers(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
  query: Pick<ListQuery, 'filter' | 'search'>,
): Promise<number> {
  return deps.store.read(async (tx) => {
    const group = await requireConnectorGroup(tx, ctx.tenantId, id)
    return tx.connectors.count(ctx.tenantId, query, group.id)
  })
}

/** `$expand` on connector groups: their members or applications, read in one query per page. */
export function expandConnectorGroups(
  deps: DomainDeps,
  ctx: RequestContext,
  groups: readonly ConnectorGroup[],
  navigation: string,
): Promise<Array<ConnectorGroup & Record<string, unknown>>> {
  return deps.store.read(async (tx) => {
    const ids = groups.map((g) => g.id)
    const related =
      navigation === 'members'
        ? await tx.connectors.listByGroups(ctx.tenantId, ids)
        : await tx.applications.listByGroups(ctx.tenantId, ids)
    return groups.map((group) => ({ ...group, [navigation]: related.get(group.id) ?? [] }))
  })
}

export function getConnectorGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<ConnectorGroup> {
  return deps.store.read((tx) => requireConnectorGroup(tx, ctx.tenantId, id))
}

export async function createConnectorGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  body: Record<string, unknown>,
): Promise<ConnectorGroup> {
  const input = validateBody(connectorGroup, body, 'create')
  try {
    return await deps.store.transaction(async (tx) => {
      const group: ConnectorGroup = {
        id: newObjectId(),
        name: input.name as string,
        // System-set: a body's value is ignored (spec §2.4, TF3213).
        connectorGroupType: 'applicationProxy',
        isDefault: false,
        // Omitted region → the tenant's home region (spec §2.4, inferred).
        region:
          input.region === undefined
            ? (await requireTenant(tx, ctx.tenantId)).region
            : (input.region as string | null),
      }
      await tx.connectorGroups.insert(ctx.tenantId, group, deps.now().toISOString())
      return group
    })
  } catch (error) {
    // With the region given the tenant is not read: its foreign key refuses a tenant that is gone
    // (a statement less on every create).
    if (error instanceof StoreConflict && error.kind === 'reference') {
      throw errors.resourceNotFound(ctx.tenantId)
    }
    throw error
  }
}

async function requireTenant(tx: StoreTx, tenantId: string): Promise<Tenant> {
  const tenant = await tx.tenants.get(tenantId)
  if (tenant === undefined) throw errors.resourceNotFound(tenantId)
  return tenant
}

export async function updateConnectorGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
  body: Record<string, unknown>,
): Promise<ConnectorGroup> {
  const changes = validateBody(connectorGroup, body, 'update') as Partial<ConnectorGroup>
  return deps.store.transaction(async (tx) => {
    const group = await requireConnectorGroup(tx, ctx.tenantId, id)
    if (changes.name === null) throw errors.nullNotAllowed('name')
    const regionChanges = changes.region !== undefined && changes.region !== group.region
    // The region can only change while nothing uses the group (spec §3.3, D-CG).
    if (regionChanges && (await tx.connectorGroups.isInUse(ctx.tenantId, group.id))) {
      throw errors.regionLocked()
    }
    await tx.connectorGroups.update(ctx.tenantId, group.id, changes)
    return { ...group, ...changes }
  })
}

export async function deleteConnectorGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const group = await requireConnectorGroup(tx, ctx.tenantId, id)
    // The default group is system-managed (spec §8.2, D8).
    if (group.isDefault) throw errors.defaultGroupUndeletable()
    if (await tx.connectorGroups.isInUse(ctx.tenantId, group.id)) {
      throw errors.connectorGroupNotEmpty()
    }
    await tx.connectorGroups.delete(ctx.tenantId, group.id)
  })
}

export function listConnectorGroupMembers(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
  query: ListQuery,
): Promise<Page<Connector>> {
  return deps.store.read(async (tx) => {
    const group = await requireConnectorGroup(tx, ctx.tenantId, id)
    return tx.connectors.list(ctx.tenantId, query, group.id)
  })
}

export function listConnectorGroupMembersJson(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
  query: ListQuery,
  select: readonly string[] | undefined,
): Promise<JsonPage> {
  return deps.store.read(async (tx) => {
    const group = await requireConnectorGroup(tx, ctx.tenantId, id)
    return tx.connectors.listJson(ctx.tenantId, query, select, group.id)
  })
}

export function listConnectorGroupApplications(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
  query: ListQuery,
): Promise<Page<Application>> {
  return deps.store.read(async (tx) => {
    const group = await requireConnectorGroup(tx, ctx.tenantId, id)
    return tx.applications.listInGroup(ctx.tenantId, group.id, query)
  })
}
