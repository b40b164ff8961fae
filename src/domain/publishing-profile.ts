// The applicationProxy onPremisesPublishingProfile (spec §2.2, §3.1): the tenant's App Proxy
// switch, and the container of its connectors and connector groups.
import { errors } from '../errors/catalogue.js'
import type { ConnectorGroup } from '../store/connector-groups.js'
import type { Connector } from '../store/connectors.js'
import { firstItems } from '../store/paging.js'
import type { DomainDeps, RequestContext } from './context.js'

export interface PublishingProfile {
  id: 'applicationProxy'
  isEnabled: boolean
  isDefaultAccessEnabled: boolean
  hybridAgentUpdaterConfiguration: null
  connectors?: Connector[]
  connectorGroups?: ConnectorGroup[]
}

export type ProfileExpansion = 'connectors' | 'connectorGroups'

/** Expanded collections are capped like Graph's expansions of directory relationships. */
export const MAX_EXPANDED_ITEMS = 999

export function getApplicationProxyProfile(
  deps: DomainDeps,
  ctx: RequestContext,
  expand: readonly ProfileExpansion[],
): Promise<PublishingProfile> {
  return deps.store.read(async (tx) => {
    const tenant = await tx.tenants.get(ctx.tenantId)
    if (tenant === undefined) throw errors.resourceNotFound(ctx.tenantId)
    const profile: PublishingProfile = {
      id: 'applicationProxy',
      isEnabled: tenant.isAppProxyEnabled,
      isDefaultAccessEnabled: true,
      hybridAgentUpdaterConfiguration: null,
    }
    const page = firstItems(MAX_EXPANDED_ITEMS)
    if (expand.includes('connectors')) {
      profile.connectors = (await tx.connectors.list(ctx.tenantId, page)).items
    }
    if (expand.includes('connectorGroups')) {
      profile.connectorGroups = (await tx.connectorGroups.list(ctx.tenantId, page)).items
    }
    return profile
  })
}
