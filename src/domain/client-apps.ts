// Who is asking the identity endpoints: the tenant named in the path (a GUID, a verified domain,
// or organizations/common), the client application and, for confidential clients, its secret.
import { IdentityError, identityErrors } from '../auth/identity-errors.js'
import { verifySecret } from '../auth/passwords.js'
import type { AppRegistration } from '../store/app-registrations.js'
import type { Tenant } from '../store/tenants.js'
import type { DomainDeps } from './context.js'

/** The path segments Entra accepts in place of a tenant for work and school accounts. */
export const MULTI_TENANT_SEGMENTS = ['common', 'organizations'] as const

export const isMultiTenantSegment = (segment: string): boolean =>
  (MULTI_TENANT_SEGMENTS as readonly string[]).includes(segment.toLowerCase())

/** The tenant a path names; undefined for organizations/common (the user's UPN decides later). */
export async function tenantOfSegment(
  deps: DomainDeps,
  segment: string,
): Promise<Tenant | undefined> {
  if (isMultiTenantSegment(segment)) return undefined
  const tenant = await deps.store.read((tx) => tx.tenants.find(segment))
  if (tenant === undefined)
    throw new IdentityError((c) => identityErrors.tenantNotFound(segment, c))
  return tenant
}

/** The tenant of a user signing in through organizations/common: the domain of their UPN. */
export async function tenantOfUser(deps: DomainDeps, userPrincipalName: string): Promise<Tenant> {
  const domain = userPrincipalName.slice(userPrincipalName.lastIndexOf('@') + 1)
  const tenant = domain === '' ? undefined : await deps.store.read((tx) => tx.tenants.find(domain))
  if (tenant === undefined) throw new IdentityError((c) => identityErrors.invalidCredentials(c))
  return tenant
}

export async function requireApp(
  deps: DomainDeps,
  tenant: Tenant,
  clientId: string | undefined,
): Promise<AppRegistration> {
  if (clientId === undefined || clientId === '') {
    throw new IdentityError((c) => identityErrors.missingParameter('client_id', c))
  }
  const app = await deps.store.read((tx) => tx.appRegistrations.get(tenant.id, clientId))
  if (app === undefined) {
    throw new IdentityError((c) => identityErrors.applicationNotFound(clientId, tenant.id, c))
  }
  return app
}

/**
 * Checks the client secret. Public clients (allowPublicClient) may omit it on delegated grants;
 * client credentials always need it.
 */
export async function authenticateClient(
  app: AppRegistration,
  secret: string | undefined,
  options: { requireSecret: boolean },
): Promise<void> {
  if (secret === undefined || secret === '') {
    if (options.requireSecret || !app.isPublicClient) {
      throw new IdentityError((c) => identityErrors.missingClientCredential(c))
    }
    return
  }
  if (app.secretHash === null)
    throw new IdentityError((c) => identityErrors.publicClientWithSecret(c))
  if (!(await verifySecret(secret, app.secretHash))) {
    throw new IdentityError((c) => identityErrors.invalidClientSecret(app.appId, c))
  }
}
