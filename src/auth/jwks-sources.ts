// Where verification keys come from: the built-in issuer's key set (reloaded when another instance
// rotates), and an external issuer's JWKS file, JWKS URL or OpenID discovery document.
import { readFile } from 'node:fs/promises'
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors } from 'jose'
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose'

export interface ExternalKeySource {
  jwksUrl?: string
  discoveryUrl?: string
  jwksFile?: string
}

// jose's defaults, written out: a known kid is served from cache for 10 minutes, an unknown one
// triggers a refetch at most every 30 seconds.
const REMOTE_JWKS_OPTIONS = { cooldownDuration: 30_000, cacheMaxAge: 600_000 }

/** A local key set that is loaded lazily and reloaded (rate-limited) when a kid is unknown. */
export function reloadingKeySet(
  load: () => Promise<JSONWebKeySet>,
  cooldownMs: number,
  now: () => number,
): JWTVerifyGetKey {
  let current: Promise<JWTVerifyGetKey> | undefined
  let loadedAt = -Infinity
  const reload = (): Promise<JWTVerifyGetKey> => {
    loadedAt = now()
    const loading = load().then((jwks) => createLocalJWKSet(jwks))
    current = loading
    // A failed load is retried by the next request instead of being cached.
    loading.catch(() => {
      if (current === loading) current = undefined
    })
    return loading
  }
  return async (header, token) => {
    try {
      return await (
        await (current ?? reload())
      )(header, token)
    } catch (error) {
      // A key rotated by another instance after we loaded ours.
      const canReload = now() - loadedAt >= cooldownMs
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || !canReload) throw error
      return (await reload())(header, token)
    }
  }
}

export function externalKeys(
  external: ExternalKeySource,
  cooldownMs: number,
  now: () => number,
): JWTVerifyGetKey {
  const { jwksFile, jwksUrl, discoveryUrl } = external
  if (jwksFile !== undefined) {
    const readJwks = async () => JSON.parse(await readFile(jwksFile, 'utf8')) as JSONWebKeySet
    return reloadingKeySet(readJwks, cooldownMs, now)
  }
  if (jwksUrl !== undefined) return createRemoteJWKSet(new URL(jwksUrl), REMOTE_JWKS_OPTIONS)
  if (discoveryUrl === undefined) {
    throw new Error('The external issuer needs a jwksUrl, a discoveryUrl or a jwksFile.')
  }
  // The discovery document is read once; the JWKS it names is then cached and refreshed by jose.
  let remote: Promise<JWTVerifyGetKey> | undefined
  return async (header, token) => {
    remote ??= discoverJwksUri(discoveryUrl).then((uri) =>
      createRemoteJWKSet(new URL(uri), REMOTE_JWKS_OPTIONS),
    )
    const pending = remote
    pending.catch(() => {
      if (remote === pending) remote = undefined
    })
    return (await pending)(header, token)
  }
}

async function discoverJwksUri(discoveryUrl: string): Promise<string> {
  const response = await fetch(discoveryUrl, { headers: { accept: 'application/json' } })
  if (!response.ok) {
    throw new Error(`OpenID discovery at ${discoveryUrl} answered ${response.status}.`)
  }
  const document = (await response.json()) as { jwks_uri?: unknown }
  if (typeof document.jwks_uri !== 'string') {
    throw new Error(`OpenID discovery at ${discoveryUrl} has no jwks_uri.`)
  }
  return document.jwks_uri
}
