// The one place the bench gets its bearer token: the built-in identity platform's token endpoint
// (POST /{tenant}/oauth2/v2.0/token), password grant, for the development admin through the
// development app (src/domain/development-tenant.ts). Delegated, because Graph refuses application
// tokens on connector-group members (src/auth/permissions.ts). Every request of every workload
// carries it, so the figures include verifying it.
import type { Child } from './processes.js'

export interface BenchToken {
  value: string
  note: string
}

export async function benchToken(server: Child): Promise<BenchToken> {
  const identity = server.identity
  if (identity === undefined)
    throw new Error('the server process did not report its development identity')
  const response = await fetch(`${server.url}/${server.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: identity.appId,
      username: identity.userPrincipalName,
      password: identity.password,
      scope: 'https://graph.microsoft.com/.default',
    }),
  })
  const body = (await response.json()) as { access_token?: string; error_description?: string }
  if (response.status !== 200 || body.access_token === undefined) {
    throw new Error(
      `token endpoint answered ${response.status}: ${body.error_description ?? JSON.stringify(body)}`,
    )
  }
  return {
    value: body.access_token,
    note: 'a delegated token of the development admin from the built-in token endpoint (password grant), verified by the server on every request',
  }
}
