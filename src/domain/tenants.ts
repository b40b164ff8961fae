// Tenants and what each one always has: its default connector group (spec §8.2). The
// development tenant is created on an empty database so that `npm start` is ready to use.
import { errors } from '../errors/catalogue.js'
import { StoreConflict } from '../store/store.js'
import type { Tenant } from '../store/tenants.js'
import type { DomainDeps } from './context.js'
import { newObjectId, objectId } from './ids.js'

export interface NewTenant {
  id?: string
  displayName: string
  defaultDomain: string
  region: string
}

export const DEFAULT_GROUP_NAME = 'Default'

/** Creates a tenant and its default connector group in one transaction. */
export function createTenant(deps: DomainDeps, input: NewTenant): Promise<Tenant> {
  const tenant: Tenant = {
    id: input.id === undefined ? newObjectId() : objectId(input.id),
    displayName: input.displayName,
    defaultDomain: input.defaultDomain.toLowerCase(),
    region: input.region,
    isAppProxyEnabled: true,
    createdDateTime: deps.now().toISOString(),
  }
  return deps.store.transaction(async (tx) => {
    await tx.tenants.insert(tenant)
    await tx.connectorGroups.insert(
      tenant.id,
      {
        id: newObjectId(),
        name: DEFAULT_GROUP_NAME,
        connectorGroupType: 'applicationProxy',
        isDefault: true,
        region: tenant.region,
      },
      tenant.createdDateTime,
    )
    return tenant
  })
}

export const DEVELOPMENT_TENANT: NewTenant = {
  displayName: 'graph-appproxy development tenant',
  defaultDomain: 'contoso.onmicrosoft.com',
  region: 'nam',
}

/** The first tenant, created as the development tenant when the database has none. */
export async function ensureDevelopmentTenant(deps: DomainDeps): Promise<Tenant> {
  const first = async () => (await deps.store.read((tx) => tx.tenants.list()))[0]
  const existing = await first()
  if (existing !== undefined) return existing
  try {
    return await createTenant(deps, DEVELOPMENT_TENANT)
  } catch (error) {
    // Instances starting together on an empty database all try; the first to commit wins (its
    // domain is unique) and the others take its tenant (test/api/multi-instance.test.ts).
    if (!(error instanceof StoreConflict && error.kind === 'duplicate')) throw error
    const winner = await first()
    if (winner === undefined) throw error
    return winner
  }
}

export async function requireTenant(deps: DomainDeps, idOrDomain: string): Promise<Tenant> {
  const tenant = await deps.store.read((tx) => tx.tenants.find(idOrDomain))
  if (tenant === undefined) throw errors.resourceNotFound(idOrDomain)
  return tenant
}
