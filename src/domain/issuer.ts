// The built-in issuer: signs access and id tokens with the shared keys, and tells the verifier which
// `iss` values are its own. Its `iss` is `{origin}/{tid}/` where origin is the public URL when one
// is configured, else the origin the client used (localhost, 127.0.0.1, a host name): every origin
// the server answers on is accepted, since the signature, not the name, proves the token is ours.
import { accessTokenIssuer, issueAccessToken, issueIdToken } from '../auth/issue-token.js'
import type { AccessTokenInput, IdTokenInput } from '../auth/issue-token.js'
import type { BuiltInIssuerOptions } from '../auth/verify-token.js'
import type { SigningKeys } from './signing-keys.js'

export interface IssuerOptions {
  lifetimeSeconds: number
  /** Configured public origin (behind a proxy or several instances); wins over request origins. */
  publicUrl?: string
}

export interface Issuer {
  readonly keys: SigningKeys
  readonly lifetimeSeconds: number
  /** The origin tokens name for a request that arrived on `requestOrigin`. */
  originFor(requestOrigin: string): string
  /** Accept `iss` values of this origin from now on (the server adds its listening addresses). */
  addOrigin(origin: string): void
  accessToken(input: AccessTokenInput, origin: string): Promise<string>
  idToken(input: IdTokenInput, origin: string): Promise<string>
  readonly verifierOptions: BuiltInIssuerOptions
}

const trim = (origin: string) => origin.replace(/\/+$/, '').toLowerCase()

export function createIssuer(keys: SigningKeys, options: IssuerOptions): Issuer {
  const origins = new Set<string>()
  const publicUrl = options.publicUrl === undefined ? undefined : trim(options.publicUrl)
  if (publicUrl !== undefined) origins.add(publicUrl)
  const originFor = (requestOrigin: string) => {
    const origin = publicUrl ?? trim(requestOrigin)
    origins.add(origin)
    return origin
  }
  return {
    keys,
    lifetimeSeconds: options.lifetimeSeconds,
    originFor,
    addOrigin: (origin) => void origins.add(trim(origin)),
    async accessToken(input, origin) {
      return issueAccessToken(input, await keys.active(), {
        issuer: accessTokenIssuer(originFor(origin), input.tenantId),
        lifetimeSeconds: options.lifetimeSeconds,
      })
    },
    async idToken(input, origin) {
      return issueIdToken(input, await keys.active(), {
        issuerBase: originFor(origin),
        lifetimeSeconds: options.lifetimeSeconds,
      })
    },
    verifierOptions: {
      issuers: (tid) => [...origins].map((origin) => accessTokenIssuer(origin, tid)),
      keys: () => keys.jwks(),
    },
  }
}
