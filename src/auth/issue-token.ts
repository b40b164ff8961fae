// Tokens of the built-in issuer, shaped like Entra's: v1.0 access tokens for Graph (Graph only
// accepts v1 tokens) and v2.0 id tokens for the openid scope. Who may get which token is decided
// by the identity routes; this module only signs.
import { createHash, randomBytes } from 'node:crypto'
import { SignJWT, base64url, importJWK } from 'jose'
import type { JWTPayload } from 'jose'
import type { StoredSigningKey } from './keys.js'

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com'
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000'
export const DEFAULT_LIFETIME_SECONDS = 3600

export interface DelegatedTokenInput {
  kind: 'delegated'
  tenantId: string
  /** The user's object id (oid). */
  userId: string
  upn: string
  name?: string
  appId: string
  appDisplayName?: string
  scopes: readonly string[]
  /** How the client authenticated: '0' public client, '1' secret, '2' certificate. */
  appIdAcr?: '0' | '1' | '2'
  /** Authentication methods, e.g. ['pwd'] (Entra's amr). */
  amr?: readonly string[]
}

export interface ApplicationTokenInput {
  kind: 'application'
  tenantId: string
  appId: string
  appDisplayName?: string
  /** The service principal's object id (oid). */
  servicePrincipalId: string
  roles: readonly string[]
  appIdAcr?: '1' | '2'
}

export type AccessTokenInput = DelegatedTokenInput | ApplicationTokenInput

export interface AccessTokenOptions {
  /** The iss claim, e.g. `https://sts.windows.net/{tid}/` or `${ourBaseUrl}/${tid}/`. */
  issuer: string
  audience?: string
  lifetimeSeconds?: number
  now?: Date
}

export interface IdTokenInput {
  tenantId: string
  userId: string
  clientId: string
  preferredUsername: string
  name?: string
  nonce?: string
}

export interface IdTokenOptions {
  /** `iss` becomes `${issuerBase}/${tenantId}/v2.0`, as login.microsoftonline.com writes it. */
  issuerBase: string
  lifetimeSeconds?: number
  now?: Date
}

/** The iss values the built-in issuer writes, for the verifier's accepted list. */
export function accessTokenIssuer(issuerBase: string, tenantId: string): string {
  return `${trimSlash(issuerBase)}/${tenantId}/`
}

export function idTokenIssuer(issuerBase: string, tenantId: string): string {
  return `${trimSlash(issuerBase)}/${tenantId}/v2.0`
}

export async function issueAccessToken(
  input: AccessTokenInput,
  key: StoredSigningKey,
  opts: AccessTokenOptions,
): Promise<string> {
  const common = {
    tid: input.tenantId,
    appid: input.appId,
    ...(input.appDisplayName === undefined ? {} : { app_displayname: input.appDisplayName }),
    uti: uniqueTokenId(),
    ver: '1.0',
  }
  const claims: JWTPayload =
    input.kind === 'delegated'
      ? {
          ...common,
          acr: '1',
          amr: [...(input.amr ?? ['pwd'])],
          appidacr: input.appIdAcr ?? '0',
          idtyp: 'user',
          ...(input.name === undefined ? {} : { name: input.name }),
          oid: input.userId,
          scp: input.scopes.join(' '),
          // Entra's sub is pairwise: the same user has a different sub in each application.
          sub: pairwiseSubject(input.tenantId, input.appId, input.userId),
          unique_name: input.upn,
          upn: input.upn,
        }
      : {
          ...common,
          appidacr: input.appIdAcr ?? '1',
          idp: opts.issuer,
          idtyp: 'app',
          oid: input.servicePrincipalId,
          roles: [...input.roles],
          sub: input.servicePrincipalId,
        }
  return sign(claims, key, {
    issuer: opts.issuer,
    audience: opts.audience ?? GRAPH_AUDIENCE,
    lifetimeSeconds: opts.lifetimeSeconds,
    now: opts.now,
  })
}

export async function issueIdToken(
  input: IdTokenInput,
  key: StoredSigningKey,
  opts: IdTokenOptions,
): Promise<string> {
  const claims: JWTPayload = {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    oid: input.userId,
    preferred_username: input.preferredUsername,
    sub: pairwiseSubject(input.tenantId, input.clientId, input.userId),
    tid: input.tenantId,
    uti: uniqueTokenId(),
    ver: '2.0',
  }
  return sign(claims, key, {
    issuer: idTokenIssuer(opts.issuerBase, input.tenantId),
    audience: input.clientId,
    lifetimeSeconds: opts.lifetimeSeconds,
    now: opts.now,
  })
}

interface SignOptions {
  issuer: string
  audience: string
  lifetimeSeconds: number | undefined
  now: Date | undefined
}

async function sign(claims: JWTPayload, key: StoredSigningKey, opts: SignOptions): Promise<string> {
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000)
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: key.alg, kid: key.kid })
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (opts.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS))
    .sign(await privateKey(key))
}

// Importing a JWK costs more than signing with it; tokens are issued on every sign-in.
type ImportedKey = Awaited<ReturnType<typeof importJWK>>
const importedKeys = new WeakMap<StoredSigningKey, Promise<ImportedKey>>()

function privateKey(key: StoredSigningKey): Promise<ImportedKey> {
  let imported = importedKeys.get(key)
  if (imported === undefined) {
    imported = importJWK(key.privateJwk, key.alg)
    importedKeys.set(key, imported)
  }
  return imported
}

function pairwiseSubject(tenantId: string, appId: string, objectId: string): string {
  const digest = createHash('sha256').update(`${tenantId}:${appId}:${objectId}`).digest()
  return base64url.encode(digest)
}

function uniqueTokenId(): string {
  return base64url.encode(randomBytes(16))
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url
}
