// Tokens for scripts (`graph-appproxy token`, issue #3 §5): issued straight from the store's keys
// for a user or an application of a tenant, with no password, limited to what the application
// was granted, exactly as the token endpoint would limit them.
import type { DomainDeps } from './context.js'
import { DEVELOPMENT_APP_NAME } from './development-tenant.js'
import type { Issuer } from './issuer.js'

export interface ScriptTokenRequest {
  /** Tenant id or verified domain. */
  tenant: string
  /** A user's UPN: a delegated token. */
  user?: string
  /** An app registration's appId: an app-only token, or the client of a delegated one. */
  app?: string
  /** Scopes (delegated) or roles (app-only); default: all the application was granted. */
  scopes?: string[]
}

export async function issueScriptToken(
  deps: DomainDeps,
  issuer: Issuer,
  request: ScriptTokenRequest,
  origin: string,
): Promise<string> {
  const tenant = await deps.store.read((tx) => tx.tenants.find(request.tenant))
  if (tenant === undefined) throw new Error(`No tenant '${request.tenant}'.`)
  const appId = request.app ?? (await developmentAppId(deps))
  const app = await deps.store.read((tx) => tx.appRegistrations.get(tenant.id, appId))
  if (app === undefined) throw new Error(`No app registration '${appId}' in tenant ${tenant.id}.`)
  const granted = request.user === undefined ? app.applicationRoles : app.delegatedScopes
  const wanted = request.scopes ?? granted
  const missing = wanted.filter((s) => !granted.some((g) => g.toLowerCase() === s.toLowerCase()))
  if (missing.length > 0)
    throw new Error(`'${app.displayName}' was not granted ${missing.join(', ')}.`)
  if (request.user === undefined) {
    const input = {
      kind: 'application' as const,
      tenantId: tenant.id,
      appId: app.appId,
      appDisplayName: app.displayName,
      servicePrincipalId: app.servicePrincipalId,
      roles: wanted,
    }
    return issuer.accessToken(input, origin)
  }
  const found = await deps.store.read((tx) => tx.users.findForSignIn(tenant.id, request.user ?? ''))
  if (found === undefined) throw new Error(`No user '${request.user}' in tenant ${tenant.id}.`)
  const { user } = found
  return issuer.accessToken(
    {
      kind: 'delegated',
      tenantId: tenant.id,
      userId: user.id,
      upn: user.userPrincipalName ?? request.user,
      ...(user.displayName === null ? {} : { name: user.displayName }),
      appId: app.appId,
      appDisplayName: app.displayName,
      scopes: wanted,
    },
    origin,
  )
}

async function developmentAppId(deps: DomainDeps): Promise<string> {
  const stored = await deps.store.read((tx) => tx.settings.get('developmentIdentity'))
  if (stored === undefined)
    throw new Error(`No --app given and no ${DEVELOPMENT_APP_NAME} yet (start the server once).`)
  return (JSON.parse(stored) as { app: { appId: string } }).app.appId
}
