// The `scope` parameter of the identity platform's v2.0 endpoints: OpenID scopes, and Graph
// permissions written bare (`User.Read`), with Graph's resource URI or app id in front, or as
// `{resource}/.default` (learn.microsoft.com/entra/identity-platform/scopes-oidc).
import { GRAPH_APP_ID, GRAPH_AUDIENCE } from '../auth/issue-token.js'
import { IdentityError, identityErrors } from '../auth/identity-errors.js'

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const

export interface RequestedScopes {
  oidc: Set<string>
  /** Graph permissions named one by one. */
  graph: string[]
  /** `.default`: every permission the application was granted. */
  isDefault: boolean
}

const GRAPH_PREFIXES = [`${GRAPH_AUDIENCE}/`, `${GRAPH_APP_ID}/`, 'https://graph.microsoft.com//']

export function parseScopes(raw: string | undefined, tenant: string): RequestedScopes {
  const result: RequestedScopes = { oidc: new Set(), graph: [], isDefault: false }
  for (const scope of (raw ?? '').split(/\s+/).filter((s) => s !== '')) {
    const lower = scope.toLowerCase()
    if ((OIDC_SCOPES as readonly string[]).includes(lower)) {
      result.oidc.add(lower)
      continue
    }
    const prefix = GRAPH_PREFIXES.find((p) => lower.startsWith(p.toLowerCase()))
    let name = prefix === undefined ? scope : scope.slice(prefix.length)
    if (prefix === undefined && scope.includes('/')) {
      // Another resource's scope: there is no such resource principal here.
      const resource = scope.slice(0, scope.lastIndexOf('/'))
      throw new IdentityError((c) => identityErrors.resourceNotFound(resource, tenant, c))
    }
    if (name === '') name = '.default'
    if (name.toLowerCase() === '.default') result.isDefault = true
    else if (!result.graph.some((g) => g.toLowerCase() === name.toLowerCase()))
      result.graph.push(name)
  }
  return result
}

/** The delegated scopes granted: what was asked for, each consented, or all of them for `.default`. */
export function grantDelegated(
  requested: RequestedScopes,
  consented: readonly string[],
  onMissingConsent: () => IdentityError,
): string[] {
  if (requested.isDefault) return [...consented]
  const granted: string[] = []
  for (const scope of requested.graph) {
    const match = consented.find((c) => c.toLowerCase() === scope.toLowerCase())
    if (match === undefined) throw onMissingConsent()
    granted.push(match)
  }
  return granted
}
