// Connectors (spec §2.3, §8.1): read through Graph, registered and kept alive through the admin
// API or the CLI, and moved between groups. A connector is always in exactly one group.
import { isIP } from 'node:net'
import { errors } from '../errors/catalogue.js'
import { GraphError } from '../errors/graph-error.js'
import type { ConnectorGroup } from '../store/connector-groups.js'
import type { Connector } from '../store/connectors.js'
import type { ListQuery, Page } from '../store/paging.js'
import type { JsonPage } from '../store/page-json.js'
import type { StoreTx } from '../store/store.js'
import { requireConnectorGroup } from './connector-groups.js'
import type { DomainDeps, RequestContext } from './context.js'
import { newObjectId, objectId } from './ids.js'

async function requireConnector(tx: StoreTx, tenantId: string, rawId: string): Promise<Connector> {
  const id = objectId(rawId)
  const found = await tx.connectors.get(tenantId, id)
  if (found === undefined) throw errors.appProxyObjectNotFound(id)
  return found
}

export function listConnectors(
  deps: DomainDeps,
  ctx: RequestContext,
  query: ListQuery,
): Promise<Page<Connector>> {
  return deps.store.read((tx) => tx.connectors.list(ctx.tenantId, query))
}

/** The same page as JSON, for answers without $expand (src/store/page-json.ts). */
export function listConnectorsJson(
  deps: DomainDeps,
  ctx: RequestContext,
  query: ListQuery,
  select: readonly string[] | undefined,
): Promise<JsonPage> {
  return deps.store.read((tx) => tx.connectors.listJson(ctx.tenantId, query, select))
}

export function countConnectors(
  deps: DomainDeps,
  ctx: RequestContext,
  query: Pick<ListQuery, 'filter' | 'search'>,
): Promise<number> {
  return deps.store.read((tx) => tx.connectors.count(ctx.tenantId, query))
}

/** `$expand=memberOf` on connectors: each one's group, read in one query per page. */
export function expandConnectors(
  deps: DomainDeps,
  ctx: RequestContext,
  connectors: readonly Connector[],
): Promise<Array<Connector & { memberOf: ConnectorGroup[] }>> {
  return deps.store.read(async (tx) => {
    const groupIds = await tx.connectors.groupIdsOf(
      ctx.tenantId,
      connectors.map((c) => c.id),
    )
    const groups = new Map<string, ConnectorGroup>()
    for (const groupId of new Set(groupIds.values())) {
      const group = await tx.connectorGroups.get(ctx.tenantId, groupId)
      if (group !== undefined) groups.set(groupId, group)
    }
    return connectors.map((c) => {
      const group = groups.get(groupIds.get(c.id) ?? '')
      return { ...c, memberOf: group === undefined ? [] : [group] }
    })
  })
}

export function getConnector(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<Connector> {
  return deps.store.read((tx) => requireConnector(tx, ctx.tenantId, id))
}

/** connector.memberOf: always the one group the connector is in (spec §8.1). */
export function listConnectorMemberOf(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<ConnectorGroup[]> {
  return deps.store.read(async (tx) => {
    const found = await requireConnector(tx, ctx.tenantId, id)
    const groupId = await tx.connectors.groupIdOf(ctx.tenantId, found.id)
    const group =
      groupId === undefined ? undefined : await tx.connectorGroups.get(ctx.tenantId, groupId)
    return group === undefined ? [] : [group]
  })
}

/**
 * C4 and G7 (spec §3.2–3.3, §8.1): two spellings of one move. Moving a connector into the group
 * it is already in changes nothing and succeeds (D3). Returns the connector as moved.
 */
export async function moveConnector(
  deps: DomainDeps,
  ctx: RequestContext,
  connectorId: string,
  groupId: string,
): Promise<Connector> {
  const group = objectId(groupId)
  const id = objectId(connectorId)
  const moved = await deps.store.transaction(async (tx) => {
    const connector = await tx.connectors.moveIntoGroup(ctx.tenantId, id, group)
    if (connector !== undefined) return connector
    // Nothing moved: say which is missing, the group first. Returned, not thrown: a write that
    // throws after an UPDATE makes group commit run its whole batch again (src/store/README.md).
    const groupExists = (await tx.connectorGroups.get(ctx.tenantId, group)) !== undefined
    return groupExists ? errors.appProxyObjectNotFound(id) : errors.appProxyObjectNotFound(group)
  })
  if (moved instanceof GraphError) throw moved
  return moved
}

/** G10: a connector cannot be group-less, so removing it from its group is refused. */
export async function removeConnectorFromGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  groupId: string,
  connectorId: string,
): Promise<never> {
  return deps.store.read(async (tx) => {
    const group = await requireConnectorGroup(tx, ctx.tenantId, groupId)
    const found = await requireConnector(tx, ctx.tenantId, connectorId)
    if ((await tx.connectors.groupIdOf(ctx.tenantId, found.id)) !== group.id) {
      // Not a member: as for directory members, the message names the group (spec §4.4).
      throw errors.resourceNotFound(group.id)
    }
    throw errors.connectorCannotBeGroupless()
  })
}

export interface ConnectorRegistration {
  machineName: string
  externalIp: string
  version?: string
}

function checkRegistration(registration: ConnectorRegistration): void {
  const { machineName, externalIp, version } = registration
  if (typeof machineName !== 'string' || machineName.trim() === '' || machineName.length > 255) {
    throw errors.badRequest('machineName must be a host name of 1 to 255 characters.')
  }
  if (typeof externalIp !== 'string' || isIP(externalIp) === 0) {
    throw errors.badRequest('externalIp must be an IPv4 or IPv6 address.')
  }
  if (
    version !== undefined &&
    (typeof version !== 'string' || !/^\d+(\.\d+){1,3}$/.test(version))
  ) {
    throw errors.badRequest("version must look like '1.5.3437.0'.")
  }
}

export const DEFAULT_CONNECTOR_VERSION = '1.5.3437.0'

/** A connector installs and registers itself: it joins its tenant's default group (spec §8.1). */
export function registerConnector(
  deps: DomainDeps,
  tenantId: string,
  registration: ConnectorRegistration,
): Promise<Connector> {
  checkRegistration(registration)
  return deps.store.transaction(async (tx) => {
    const defaultGroup = await tx.connectorGroups.getDefault(tenantId)
    if (defaultGroup === undefined) throw errors.resourceNotFound(tenantId)
    const id = newObjectId()
    await tx.connectors.insert(tenantId, {
      id,
      machineName: registration.machineName,
      externalIp: registration.externalIp,
      version: registration.version ?? DEFAULT_CONNECTOR_VERSION,
      connectorGroupId: defaultGroup.id,
      lastSeenDateTime: deps.now().toISOString(),
    })
    return requireConnector(tx, tenantId, id)
  })
}

export async function recordHeartbeat(
  deps: DomainDeps,
  tenantId: string,
  connectorId: string,
  seen: { externalIp?: string; version?: string } = {},
): Promise<void> {
  const id = objectId(connectorId)
  const updated = await deps.store.transaction((tx) =>
    tx.connectors.recordHeartbeat(tenantId, id, {
      ...seen,
      lastSeenDateTime: deps.now().toISOString(),
    }),
  )
  if (!updated) throw errors.appProxyObjectNotFound(id)
}
