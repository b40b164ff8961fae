// Turns the Authorization header of a Graph request into a Principal, or a 401 from the catalogue.
// Trusts the built-in issuer, an external OpenID Connect issuer, or both; what the principal may
// do is permissions.ts's business.
import { base64url, errors as joseErrors, jwtVerify } from 'jose'
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose'
import { errors } from '../errors/catalogue.js'
import { GRAPH_APP_ID, GRAPH_AUDIENCE } from './issue-token.js'
import { externalKeys, reloadingKeySet } from './jwks-sources.js'

/** Personal Microsoft accounts all sign in through this tenant. */
export const PERSONAL_ACCOUNTS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad'
export const DEFAULT_AUDIENCES: readonly string[] = [GRAPH_AUDIENCE, GRAPH_APP_ID]

export interface Principal {
  /** Our tenant id (an external issuer's tid after tenantMap). */
  tenantId: string
  objectId: string
  appId: string
  kind: 'delegated' | 'application'
  scopes: string[]
  roles: string[]
  upn?: string
  name?: string
  isPersonalAccount?: boolean
}

export interface BuiltInIssuerOptions {
  /** The iss values accepted for a tid (see accessTokenIssuer in issue-token.ts). */
  issuers: (tenantId: string) => readonly string[]
  /** The public key set; called at start and again when a token names an unknown kid. */
  keys: () => Promise<JSONWebKeySet>
}

export interface ExternalIssuerOptions {
  /** Expected iss; `{tenantid}` stands for the token's tid (multi-tenant Entra issuers). */
  issuer: string
  jwksUrl?: string
  discoveryUrl?: string
  jwksFile?: string
  audiences?: readonly string[]
  /** The issuer's tid → our tenant id; tids not listed are used as they are. */
  tenantMap?: Readonly<Record<string, string>>
}

export interface TokenVerifierOptions {
  builtIn?: BuiltInIssuerOptions
  external?: ExternalIssuerOptions
  audiences?: readonly string[]
  /** Entra tolerates five minutes of clock skew. */
  clockToleranceSeconds?: number
  isKnownTenant: (tenantId: string) => Promise<boolean>
  /** Milliseconds since the epoch; tests move it instead of sleeping. */
  now?: () => number
  cacheSize?: number
  /** Least time between two reloads of a local key set caused by unknown kids. */
  keyReloadCooldownSeconds?: number
}

export interface TokenVerifier {
  /**
   * The principal itself for a token verified before (the hot path, no promise); otherwise a
   * promise. Never throws: a refusal is always a rejected promise.
   */
  verify(authorization: string | undefined): Principal | Promise<Principal>
  /** Forget verified tokens, e.g. after a tenant was deleted. */
  clearCache(): void
  /** Load the built-in key set again on the next token, e.g. right after this instance rotated. */
  reloadKeys(): void
}

interface ParsedToken {
  token: string
  alg: unknown
  payload: JWTPayload
  signingInput: string
  signature: string
}

interface CachedToken {
  token: string
  exp: number
  principal: Principal
}

/**
 * The cache key: the signature's last characters. V8 hashes a string key in full on every lookup
 * of a new string, and the header value is new on every request: hashing a whole token (1–2 KB)
 * was 3% of a cached GET (bench/README.md). The entry keeps the whole token, compared exactly.
 */
const KEY_CHARS = 32
const cacheKey = (token: string) => token.slice(-KEY_CHARS)

interface TokenSource {
  getKey: JWTVerifyGetKey
  audiences: readonly string[]
  mapTenant: (tid: string) => string
}

const BASE64URL_PART = /^[A-Za-z0-9_-]*$/
const BEARER = /^\s*Bearer(?:\s+(.*))?$/i

export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  const now = opts.now ?? Date.now
  const tolerance = opts.clockToleranceSeconds ?? 300
  const cacheSize = opts.cacheSize ?? 10_000
  const cooldownMs = (opts.keyReloadCooldownSeconds ?? 5) * 1000
  const audiences = opts.audiences ?? DEFAULT_AUDIENCES
  const cache = new Map<string, CachedToken>()

  const builtIn: TokenSource | undefined = opts.builtIn && {
    getKey: reloadingKeySet(opts.builtIn.keys, cooldownMs, now),
    audiences,
    mapTenant: (tid) => tid,
  }
  const external = opts.external
  const externalSource: TokenSource | undefined = external && {
    getKey: externalKeys(external, cooldownMs, now),
    audiences: external.audiences ?? audiences,
    mapTenant: (tid) => external.tenantMap?.[tid] ?? tid,
  }

  function sourceFor(iss: string, tid: string): TokenSource {
    if (builtIn && opts.builtIn?.issuers(tid).includes(iss)) return builtIn
    if (externalSource && external && expectedIssuer(external.issuer, tid) === iss) {
      return externalSource
    }
    throw errors.tokenInvalid()
  }

  function remember(parsed: ParsedToken, exp: number, principal: Principal): void {
    // Every request with this token gets the same object: frozen, so no caller can change another's.
    Object.freeze(principal.scopes)
    Object.freeze(principal.roles)
    Object.freeze(principal)
    // Map keeps insertion order, so the first key is the oldest entry.
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string)
    cache.set(cacheKey(parsed.token), { token: parsed.token, exp, principal })
  }

  function verify(authorization: string | undefined): Principal | Promise<Principal> {
    let token: string
    try {
      token = bearerToken(authorization)
    } catch (error) {
      return Promise.reject(error)
    }
    // Verified tokens are kept until they expire (issue #7), so a hit costs one lookup and no
    // decoding; it must be the same text exactly: any change to header, claims or signature is a
    // miss. Two tokens whose signatures end alike share a slot, the later one replacing the other.
    const cached = cache.get(cacheKey(token))
    if (cached !== undefined && cached.token === token) {
      if (cached.exp <= now() / 1000 - tolerance) {
        cache.delete(cacheKey(token))
        return Promise.reject(errors.tokenExpired())
      }
      return cached.principal
    }
    return verifyFirst(token)
  }

  async function verifyFirst(token: string): Promise<Principal> {
    const nowMs = now()
    const parsed = parseCompactToken(token)
    // Only what the built-in issuer and Entra sign with; this also refuses alg "none" and HS256.
    if (parsed.alg !== 'RS256') throw errors.tokenInvalid()
    const { iss, tid } = parsed.payload
    if (typeof iss !== 'string' || typeof tid !== 'string') throw errors.tokenInvalid()
    const source = sourceFor(iss, tid)
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(parsed.token, source.getKey, {
        algorithms: ['RS256'],
        issuer: iss,
        audience: [...source.audiences],
        clockTolerance: tolerance,
        currentDate: new Date(nowMs),
        requiredClaims: ['exp'],
      }))
    } catch (error) {
      throw toGraphError(error)
    }
    const tenantId = source.mapTenant(tid)
    if (!(await opts.isKnownTenant(tenantId))) throw errors.tokenInvalid()
    const principal = toPrincipal(payload, tenantId, tid)
    remember(parsed, payload.exp as number, principal)
    return principal
  }

  const reloadKeys = () => {
    if (builtIn !== undefined && opts.builtIn !== undefined) {
      builtIn.getKey = reloadingKeySet(opts.builtIn.keys, cooldownMs, now)
    }
  }
  return { verify, clearCache: () => cache.clear(), reloadKeys }
}

function bearerToken(authorization: string | undefined): string {
  // The usual form first, without a regular expression over the whole (1–2 KB) value.
  if (authorization?.startsWith('Bearer ') === true) {
    const token = authorization.slice(7)
    if (token !== '' && token.trim() === token) return token
  }
  const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1]?.trim()
  if (token === undefined || token === '') throw errors.tokenEmpty()
  return token
}

function parseCompactToken(token: string): ParsedToken {
  const parts = token.split('.')
  if (parts.length !== 3) throw errors.tokenMalformed()
  const [header, payload, signature] = parts as [string, string, string]
  if (header === '' || payload === '' || !BASE64URL_PART.test(header + payload + signature)) {
    throw errors.tokenMalformed()
  }
  return {
    token,
    alg: decodeJsonObject(header).alg,
    payload: decodeJsonObject(payload) as JWTPayload,
    signingInput: `${header}.${payload}`,
    signature,
  }
}

function decodeJsonObject(part: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(part)))
  } catch {
    throw errors.tokenMalformed()
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw errors.tokenMalformed()
  }
  return value as Record<string, unknown>
}

// Claim failures become catalogue errors; trouble reaching a key source is ours, not the caller's,
// and is rethrown for the error handler's 500.
function toGraphError(error: unknown): unknown {
  if (error instanceof joseErrors.JWTExpired) return errors.tokenExpired()
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const notYetValid = error.claim === 'nbf' && error.reason === 'check_failed'
    return notYetValid ? errors.tokenExpired() : errors.tokenInvalid()
  }
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
    return error
  }
  if (error instanceof joseErrors.JOSEError) return errors.tokenInvalid()
  return error
}

function toPrincipal(payload: JWTPayload, tenantId: string, tid: string): Principal {
  const objectId = payload.oid
  const appId = payload.appid ?? payload.azp
  if (typeof objectId !== 'string' || typeof appId !== 'string') throw errors.tokenInvalid()
  const scp = typeof payload.scp === 'string' ? payload.scp : undefined
  // idtyp is optional in Entra tokens; without it, a token with scp is a user's.
  const isApp = payload.idtyp === 'app' || (payload.idtyp !== 'user' && scp === undefined)
  const upn = firstString(payload.upn, payload.unique_name, payload.preferred_username)
  const name = firstString(payload.name)
  return {
    tenantId,
    objectId,
    appId,
    kind: isApp ? 'application' : 'delegated',
    scopes: scp === undefined ? [] : scp.split(' ').filter((s) => s !== ''),
    roles: Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is string => typeof r === 'string')
      : [],
    ...(upn === undefined ? {} : { upn }),
    ...(name === undefined ? {} : { name }),
    isPersonalAccount: tid === PERSONAL_ACCOUNTS_TENANT_ID,
  }
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string')
}

function expectedIssuer(template: string, tid: string): string {
  return template.replace(/\{tenantid\}/gi, tid)
}
