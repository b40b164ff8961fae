// POST /{tenant}/oauth2/v2.0/token: the four grants graph-appproxy issues tokens for (client
// credentials, ROPC, authorization code with PKCE, refresh token), answered as Entra answers them
// (learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#successful-response-2).
import { createHash } from 'node:crypto'
import { GRAPH_AUDIENCE } from '../auth/issue-token.js'
import { IdentityError, identityErrors } from '../auth/identity-errors.js'
import type { AppRegistration } from '../store/app-registrations.js'
import type { Tenant } from '../store/tenants.js'
import type { User } from '../store/users.js'
import { authenticateClient, requireApp, tenantOfSegment } from './client-apps.js'
import type { DomainDeps } from './context.js'
import type { Issuer } from './issuer.js'
import { grantDelegated, parseScopes } from './oauth-scopes.js'
import type { RequestedScopes } from './oauth-scopes.js'
import { grantHash, newGrantValue, signInUser } from './sign-in.js'
import type { CodePayload } from './sign-in.js'

export type TokenParams = Readonly<Record<string, string | undefined>>

export interface TokenResponse {
  token_type: 'Bearer'
  scope?: string
  expires_in: number
  ext_expires_in: number
  access_token: string
  refresh_token?: string
  id_token?: string
  client_info?: string
}

interface RefreshPayload {
  userId: string
  appId: string
  scope: string
}

// Entra's refresh tokens last 90 days (learn.microsoft.com/entra/identity-platform/refresh-tokens).
const REFRESH_LIFETIME_MS = 90 * 86_400_000

export async function redeemTokenRequest(
  deps: DomainDeps,
  issuer: Issuer,
  tenantSegment: string,
  origin: string,
  params: TokenParams,
): Promise<TokenResponse> {
  const grantType = params.grant_type
  if (grantType === undefined || grantType === '') {
    throw new IdentityError((c) => identityErrors.missingParameter('grant_type', c))
  }
  const segmentTenant = await tenantOfSegment(deps, tenantSegment)
  const grants = {
    client_credentials: clientCredentials,
    password,
    authorization_code: authorizationCode,
    refresh_token: refreshToken,
  }
  const grant = Object.hasOwn(grants, grantType)
    ? grants[grantType as keyof typeof grants]
    : undefined
  if (grant === undefined)
    throw new IdentityError((c) => identityErrors.unsupportedGrantType(grantType, c))
  return grant({ deps, issuer, segmentTenant, tenantSegment, origin, params })
}

interface GrantContext {
  deps: DomainDeps
  issuer: Issuer
  segmentTenant: Tenant | undefined
  tenantSegment: string
  origin: string
  params: TokenParams
}

async function clientCredentials(g: GrantContext): Promise<TokenResponse> {
  if (g.segmentTenant === undefined)
    throw new IdentityError((c) => identityErrors.noTenantInformation(c))
  const app = await requireApp(g.deps, g.segmentTenant, g.params.client_id)
  await authenticateClient(app, g.params.client_secret, { requireSecret: true })
  const requested = parseScopes(g.params.scope, g.tenantSegment)
  // Client credentials take exactly `{resource}/.default` (AADSTS1002012 in Entra).
  if (!requested.isDefault || requested.graph.length > 0 || requested.oidc.size > 0) {
    const scope = g.params.scope ?? ''
    throw new IdentityError((c) => identityErrors.invalidScope(scope, c))
  }
  const accessToken = await g.issuer.accessToken(
    {
      kind: 'application',
      tenantId: g.segmentTenant.id,
      appId: app.appId,
      appDisplayName: app.displayName,
      servicePrincipalId: app.servicePrincipalId,
      roles: app.applicationRoles,
    },
    g.origin,
  )
  return { token_type: 'Bearer', ...lifetimes(g.issuer), access_token: accessToken }
}

async function password(g: GrantContext): Promise<TokenResponse> {
  const { tenant, user } = await signInUser(
    g.deps,
    g.segmentTenant,
    g.params.username,
    g.params.password,
  )
  const app = await requireApp(g.deps, tenant, g.params.client_id)
  await authenticateClient(app, g.params.client_secret, { requireSecret: false })
  return delegatedResponse(g, tenant, user, app, g.params.scope)
}

async function authorizationCode(g: GrantContext): Promise<TokenResponse> {
  const code = g.params.code
  if (code === undefined || code === '')
    throw new IdentityError((c) => identityErrors.missingParameter('code', c))
  const stored = await g.deps.store.transaction((tx) => tx.authorizationCodes.take(grantHash(code)))
  if (stored === undefined) throw new IdentityError((c) => identityErrors.invalidCode(c))
  if (stored.expiresDateTime <= new Date().toISOString())
    throw new IdentityError((c) => identityErrors.expiredGrant(c))
  const payload = JSON.parse(stored.payload) as CodePayload
  const tenant = await tenantById(g, stored.tenantId)
  if (payload.appId !== (g.params.client_id ?? '').toLowerCase())
    throw new IdentityError((c) => identityErrors.invalidCode(c))
  if (payload.redirectUri !== g.params.redirect_uri) {
    const uri = g.params.redirect_uri ?? ''
    throw new IdentityError((c) => identityErrors.redirectUriMismatch(uri, payload.appId, c))
  }
  const app = await requireApp(g.deps, tenant, payload.appId)
  if (payload.codeChallenge !== undefined) {
    checkPkce(payload, g.params.code_verifier)
    // A public client proves itself with PKCE; a confidential one still sends its secret.
    await authenticateClient(app, g.params.client_secret, { requireSecret: false })
  } else {
    await authenticateClient(app, g.params.client_secret, { requireSecret: true })
  }
  const user = await activeUser(g, tenant, payload.userId)
  return delegatedResponse(g, tenant, user, app, g.params.scope ?? payload.scope, payload.nonce)
}

async function refreshToken(g: GrantContext): Promise<TokenResponse> {
  const token = g.params.refresh_token
  if (token === undefined || token === '') {
    throw new IdentityError((c) => identityErrors.missingParameter('refresh_token', c))
  }
  // Taken, not read: a refresh token is redeemed once and replaced by the new one (rotation).
  const stored = await g.deps.store.transaction((tx) => tx.refreshTokens.take(grantHash(token)))
  if (stored === undefined) throw new IdentityError((c) => identityErrors.malformedGrant(c))
  if (stored.expiresDateTime <= new Date().toISOString())
    throw new IdentityError((c) => identityErrors.expiredGrant(c))
  const payload = JSON.parse(stored.payload) as RefreshPayload
  if (payload.appId !== (g.params.client_id ?? '').toLowerCase())
    throw new IdentityError((c) => identityErrors.malformedGrant(c))
  const tenant = await tenantById(g, stored.tenantId)
  const app = await requireApp(g.deps, tenant, payload.appId)
  await authenticateClient(app, g.params.client_secret, { requireSecret: false })
  const user = await activeUser(g, tenant, payload.userId)
  return delegatedResponse(g, tenant, user, app, g.params.scope ?? payload.scope)
}

async function delegatedResponse(
  g: GrantContext,
  tenant: Tenant,
  user: User,
  app: AppRegistration,
  rawScope: string | undefined,
  nonce?: string,
): Promise<TokenResponse> {
  const requested: RequestedScopes = parseScopes(rawScope, g.tenantSegment)
  const granted = grantDelegated(
    requested,
    app.delegatedScopes,
    () => new IdentityError((c) => identityErrors.consentRequired(app.appId, app.displayName, c)),
  )
  const upn = user.userPrincipalName ?? ''
  const accessToken = await g.issuer.accessToken(
    {
      kind: 'delegated',
      tenantId: tenant.id,
      userId: user.id,
      upn,
      ...(user.displayName === null ? {} : { name: user.displayName }),
      appId: app.appId,
      appDisplayName: app.displayName,
      scopes: granted,
      appIdAcr: g.params.client_secret === undefined ? '0' : '1',
    },
    g.origin,
  )
  const response: TokenResponse = {
    token_type: 'Bearer',
    scope: [...granted.map((s) => `${GRAPH_AUDIENCE}/${s}`), ...requested.oidc].join(' '),
    ...lifetimes(g.issuer),
    access_token: accessToken,
  }
  if (requested.oidc.has('offline_access')) {
    response.refresh_token = await newRefreshToken(g, tenant.id, {
      userId: user.id,
      appId: app.appId,
      scope: rawScope ?? '',
    })
  }
  if (requested.oidc.has('openid')) {
    response.id_token = await g.issuer.idToken(
      {
        tenantId: tenant.id,
        userId: user.id,
        clientId: app.appId,
        preferredUsername: upn,
        ...(user.displayName === null ? {} : { name: user.displayName }),
        ...(nonce === undefined ? {} : { nonce }),
      },
      g.origin,
    )
  }
  // MSAL sends client_info=1 and builds its account key from uid.utid (the user's oid and tid).
  if (g.params.client_info === '1') {
    response.client_info = Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.id })).toString(
      'base64url',
    )
  }
  return response
}

function lifetimes(issuer: Issuer) {
  return { expires_in: issuer.lifetimeSeconds, ext_expires_in: issuer.lifetimeSeconds }
}

async function newRefreshToken(
  g: GrantContext,
  tenantId: string,
  payload: RefreshPayload,
): Promise<string> {
  const token = newGrantValue()
  const expiresDateTime = new Date(Date.now() + REFRESH_LIFETIME_MS).toISOString()
  await g.deps.store.transaction((tx) =>
    tx.refreshTokens.insert(grantHash(token), {
      tenantId,
      payload: JSON.stringify(payload),
      expiresDateTime,
    }),
  )
  return token
}

function checkPkce(payload: CodePayload, verifier: string | undefined): void {
  if (verifier === undefined || verifier === '') {
    throw new IdentityError((c) => identityErrors.missingParameter('code_verifier', c))
  }
  const computed =
    payload.codeChallengeMethod?.toUpperCase() === 'S256'
      ? createHash('sha256').update(verifier).digest('base64url')
      : verifier
  if (computed !== payload.codeChallenge)
    throw new IdentityError((c) => identityErrors.pkceMismatch(c))
}

async function tenantById(g: GrantContext, tenantId: string): Promise<Tenant> {
  // A grant issued in one tenant is not redeemed through another tenant's endpoint.
  if (g.segmentTenant !== undefined && g.segmentTenant.id !== tenantId) {
    throw new IdentityError((c) => identityErrors.malformedGrant(c))
  }
  const tenant = g.segmentTenant ?? (await g.deps.store.read((tx) => tx.tenants.get(tenantId)))
  if (tenant === undefined) throw new IdentityError((c) => identityErrors.malformedGrant(c))
  return tenant
}

async function activeUser(g: GrantContext, tenant: Tenant, userId: string): Promise<User> {
  const user = await g.deps.store.read((tx) => tx.users.get(tenant.id, userId))
  if (user === undefined) throw new IdentityError((c) => identityErrors.malformedGrant(c))
  if (user.accountEnabled === false) throw new IdentityError((c) => identityErrors.userDisabled(c))
  return user
}
