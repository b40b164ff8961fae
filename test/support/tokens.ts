// Tokens for API tests, signed by the server's own issuer with its stored key (the same path the
// token endpoint takes after it has checked credentials), so tests can ask for any scopes or roles.
import { allPermissions } from '../../src/domain/development-tenant.js'
import type { RunningServer } from '../../src/server.js'

export interface TokenRequest {
  /** Default: the development tenant. */
  tenantId?: string
  /** Default: 'application' when roles are given, else 'delegated'. */
  kind?: 'delegated' | 'application'
  /** Delegated: the signed-in user (default: the development admin). */
  userId?: string
  upn?: string
  /** Default: the development app. */
  appId?: string
  /** Delegated scopes (default: every delegated permission of the table). */
  scopes?: readonly string[]
  /** Application roles (default: every application permission of the table). */
  roles?: readonly string[]
}

export function issueTestToken(server: RunningServer, request: TokenRequest = {}): Promise<string> {
  const dev = server.developmentIdentity
  const all = allPermissions(server.identity.permissions)
  const tenantId = request.tenantId ?? dev.tenantId
  const appId = request.appId ?? dev.app.appId
  const kind = request.kind ?? (request.roles === undefined ? 'delegated' : 'application')
  const input =
    kind === 'delegated'
      ? {
          kind,
          tenantId,
          userId: request.userId ?? dev.admin.id,
          upn: request.upn ?? dev.admin.userPrincipalName,
          appId,
          scopes: request.scopes ?? all.delegated,
        }
      : {
          kind,
          tenantId,
          appId,
          servicePrincipalId: appId,
          roles: request.roles ?? all.application,
        }
  return server.identity.issuer.accessToken(input, server.url)
}
