// The built-in Microsoft identity platform (issue #3 §1): OpenID discovery, the signing keys, the
// token endpoint and the authorize page under /{tenant}/, where {tenant} is a GUID, a verified
// domain, or organizations/common. Errors here are the identity platform's, not Graph's: this
// plugin renders them itself (RFC 6749 §5.2 as Entra writes it), the one exception to
// http/error-handler.ts being the only renderer. Form bodies are parsed only inside this plugin,
// so Graph routes keep answering 415 to them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { IdentityError, identityErrors } from '../../auth/identity-errors.js'
import { SIGNING_ALGORITHM } from '../../auth/keys.js'
import { requireApp, tenantOfSegment } from '../../domain/client-apps.js'
import type { DomainDeps } from '../../domain/context.js'
import type { Issuer } from '../../domain/issuer.js'
import { createAuthorizationCode, isRegisteredRedirect, signInUser } from '../../domain/sign-in.js'
import { redeemTokenRequest } from '../../domain/token-grants.js'
import { redirectBack, signInPage } from './sign-in-page.js'
import type { ResponseMode } from './sign-in-page.js'

export interface IdentityDeps extends DomainDeps {
  issuer: Issuer
  publicUrl?: string
}

type Params = Record<string, string | undefined>
type TenantRoute = { Params: { tenant: string }; Querystring: Params; Body: Params }

// Graph's version roots are never tenants; a path like /beta/oauth2/... is Graph's to refuse.
const GRAPH_ROOTS = new Set(['v1.0', 'beta'])

export const isIdentityRoute = (url: string): boolean => url.startsWith('/:tenant/')

export function identityRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const originOf = (request: FastifyRequest) =>
    deps.issuer.originFor(deps.publicUrl ?? `${request.protocol}://${request.host}`)

  app.register(async (identity) => {
    identity.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)))
      },
    )

    identity.setErrorHandler((error, request, reply) => {
      if (!(error instanceof IdentityError)) throw error
      const clientRequestId = request.headers['client-request-id']
      const { status, body } = error.render({
        traceId: request.id,
        ...(typeof clientRequestId === 'string' ? { correlationId: clientRequestId } : {}),
      })
      return reply
        .code(status)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(body)
    })

    identity.addHook(
      'onRequest',
      async (request: FastifyRequest<TenantRoute>, reply: FastifyReply) => {
        if (GRAPH_ROOTS.has(request.params.tenant.toLowerCase())) return reply.callNotFound()
      },
    )

    const discovery = async (request: FastifyRequest<TenantRoute>) => {
      const segment = request.params.tenant
      const tenant = await tenantOfSegment(deps, segment)
      const origin = originOf(request)
      const pathTenant = tenant?.id ?? segment.toLowerCase()
      const base = `${origin}/${pathTenant}`
      // Entra writes the literal {tenantid} for organizations/common; MSAL substitutes it.
      const issuerTenant = tenant?.id ?? '{tenantid}'
      return {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
        response_types_supported: ['code'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${origin}/${issuerTenant}/v2.0`,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: [
          'sub',
          'iss',
          'aud',
          'exp',
          'iat',
          'auth_time',
          'nonce',
          'preferred_username',
          'name',
          'tid',
          'ver',
          'oid',
        ],
        grant_types_supported: [
          'authorization_code',
          'refresh_token',
          'password',
          'client_credentials',
        ],
        code_challenge_methods_supported: ['S256', 'plain'],
        tenant_region_scope: tenant === undefined ? null : tenant.region.toUpperCase(),
        cloud_instance_name: new URL(origin).host,
        msgraph_host: new URL(origin).host,
      }
    }
    identity.get<TenantRoute>('/:tenant/v2.0/.well-known/openid-configuration', discovery)
    identity.get<TenantRoute>('/:tenant/.well-known/openid-configuration', discovery)

    // The keys are the same for every tenant, as at login.microsoftonline.com.
    const keys = async (request: FastifyRequest<TenantRoute>) => {
      await tenantOfSegment(deps, request.params.tenant)
      return deps.issuer.keys.jwks()
    }
    identity.get<TenantRoute>('/:tenant/discovery/v2.0/keys', keys)
    identity.get<TenantRoute>('/:tenant/discovery/keys', keys)

    identity.post<TenantRoute>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
      const params = { ...basicClientCredentials(request), ...(request.body ?? {}) }
      const response = await redeemTokenRequest(
        deps,
        deps.issuer,
        request.params.tenant,
        originOf(request),
        params,
      )
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(response)
    })

    identity.get<TenantRoute>('/:tenant/oauth2/v2.0/authorize', async (request, reply) => {
      const params = request.query
      const tenant = await tenantOfSegment(deps, request.params.tenant)
      checkAuthorizeRequest(params)
      if (tenant !== undefined) {
        const app = await requireApp(deps, tenant, params.client_id)
        const redirectUri = params.redirect_uri ?? ''
        if (!isRegisteredRedirect(app, redirectUri)) {
          throw new IdentityError((c) =>
            identityErrors.redirectUriMismatch(redirectUri, app.appId, c),
          )
        }
      }
      return reply
        .type('text/html; charset=utf-8')
        .send(signInPage(request.url.split('?')[0] ?? '', params))
    })

    identity.post<TenantRoute>('/:tenant/oauth2/v2.0/authorize', async (request, reply) => {
      const params = request.body ?? {}
      const action = request.url.split('?')[0] ?? ''
      checkAuthorizeRequest(params)
      const segmentTenant = await tenantOfSegment(deps, request.params.tenant)
      let signedIn
      try {
        signedIn = await signInUser(deps, segmentTenant, params.login, params.passwd)
      } catch (error) {
        if (!(error instanceof IdentityError)) throw error
        const page = signInPage(action, params, 'Your account or password is incorrect.')
        return reply.type('text/html; charset=utf-8').send(page)
      }
      const app = await requireApp(deps, signedIn.tenant, params.client_id)
      const redirectUri = params.redirect_uri ?? ''
      if (!isRegisteredRedirect(app, redirectUri)) {
        throw new IdentityError((c) =>
          identityErrors.redirectUriMismatch(redirectUri, app.appId, c),
        )
      }
      const code = await createAuthorizationCode(deps, signedIn.tenant.id, {
        userId: signedIn.user.id,
        appId: app.appId,
        redirectUri,
        scope: params.scope ?? '',
        ...(params.code_challenge === undefined ? {} : { codeChallenge: params.code_challenge }),
        ...(params.code_challenge_method === undefined
          ? {}
          : { codeChallengeMethod: params.code_challenge_method }),
        ...(params.nonce === undefined ? {} : { nonce: params.nonce }),
      })
      const clientInfo = Buffer.from(
        JSON.stringify({ uid: signedIn.user.id, utid: signedIn.tenant.id }),
      ).toString('base64url')
      const values: Record<string, string> = { code, client_info: clientInfo }
      if (params.state !== undefined) values.state = params.state
      const mode = (
        ['query', 'fragment', 'form_post'].includes(params.response_mode ?? '')
          ? params.response_mode
          : 'query'
      ) as ResponseMode
      const back = redirectBack(redirectUri, mode, values)
      if ('html' in back) return reply.type('text/html; charset=utf-8').send(back.html)
      return reply.redirect(back.location, 302)
    })

    identity.get<TenantRoute>('/:tenant/oauth2/v2.0/logout', async (request, reply) => {
      const next = request.query.post_logout_redirect_uri
      if (next !== undefined && /^https?:\/\//i.test(next)) return reply.redirect(next, 302)
      return reply
        .type('text/html; charset=utf-8')
        .send('<!doctype html><p>You signed out of your account.</p>')
    })
  })
}

function checkAuthorizeRequest(params: Params): void {
  for (const name of ['client_id', 'redirect_uri', 'response_type'] as const) {
    if (params[name] === undefined || params[name] === '') {
      throw new IdentityError((c) => identityErrors.missingParameter(name, c))
    }
  }
  if (params.response_type !== 'code') {
    const type = params.response_type ?? ''
    throw new IdentityError((c) => identityErrors.unsupportedGrantType(type, c))
  }
}

/** client_secret_basic: RFC 6749 §2.3.1, form-encoded id and secret in a Basic header. */
function basicClientCredentials(request: FastifyRequest): Params {
  const header = request.headers.authorization
  if (header === undefined || !/^basic\s/i.test(header)) return {}
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return {}
  return {
    client_id: decodeURIComponent(decoded.slice(0, colon)),
    client_secret: decodeURIComponent(decoded.slice(colon + 1)),
  }
}
