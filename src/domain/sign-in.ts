// Users signing in: checking a user name and password (ROPC and the sign-in page), and the
// one-time authorization codes the sign-in page hands out (authorization code flow with PKCE).
import { createHash, randomBytes } from 'node:crypto'
import { IdentityError, identityErrors } from '../auth/identity-errors.js'
import { verifySecret } from '../auth/passwords.js'
import type { AppRegistration } from '../store/app-registrations.js'
import type { Tenant } from '../store/tenants.js'
import type { User } from '../store/users.js'
import { tenantOfUser } from './client-apps.js'
import type { DomainDeps } from './context.js'

export interface SignedIn {
  tenant: Tenant
  user: User
}

/** What an authorization code stands for; kept (hashed) until redeemed once. */
export interface CodePayload {
  userId: string
  appId: string
  redirectUri: string
  scope: string
  codeChallenge?: string
  codeChallengeMethod?: string
  nonce?: string
}

// Entra: authorization codes live about 10 minutes (learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow).
const CODE_LIFETIME_MS = 10 * 60_000

export const grantHash = (value: string): string =>
  createHash('sha256').update(value).digest('base64url')

export const newGrantValue = (): string => randomBytes(32).toString('base64url')

export async function signInUser(
  deps: DomainDeps,
  tenant: Tenant | undefined,
  userName: string | undefined,
  password: string | undefined,
): Promise<SignedIn> {
  if (userName === undefined || userName === '') {
    throw new IdentityError((c) => identityErrors.missingParameter('username', c))
  }
  if (password === undefined || password === '') {
    throw new IdentityError((c) => identityErrors.missingParameter('password', c))
  }
  const home = tenant ?? (await tenantOfUser(deps, userName))
  const found = await deps.store.read((tx) => tx.users.findForSignIn(home.id, userName))
  // The same answer for an unknown user and a wrong password, as Entra gives (AADSTS50126).
  if (found === undefined || !(await verifySecret(password, found.passwordHash))) {
    throw new IdentityError((c) => identityErrors.invalidCredentials(c))
  }
  if (found.user.accountEnabled === false) {
    throw new IdentityError((c) => identityErrors.userDisabled(c))
  }
  return { tenant: home, user: found.user }
}

/** http://localhost and http://127.0.0.1 match on any port, as Entra does for loopback redirects (RFC 8252 §7.3). */
export function isRegisteredRedirect(app: AppRegistration, redirectUri: string): boolean {
  const loopback = (uri: string) => {
    try {
      const url = new URL(uri)
      if (url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
        return undefined
      }
      return `${url.hostname}${url.pathname}`
    } catch {
      return undefined
    }
  }
  return app.redirectUris.some((registered) => {
    if (registered === redirectUri) return true
    const a = loopback(registered)
    return a !== undefined && a === loopback(redirectUri)
  })
}

export async function createAuthorizationCode(
  deps: DomainDeps,
  tenantId: string,
  payload: CodePayload,
): Promise<string> {
  const code = newGrantValue()
  const expiresDateTime = new Date(Date.now() + CODE_LIFETIME_MS).toISOString()
  await deps.store.transaction((tx) =>
    tx.authorizationCodes.insert(grantHash(code), {
      tenantId,
      payload: JSON.stringify(payload),
      expiresDateTime,
    }),
  )
  return code
}
