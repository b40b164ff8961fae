// The built-in identity platform (issue #3 §1): discovery, keys, the four grants, PKCE, refresh,
// errors in the identity platform's own shape, and key rotation that keeps old tokens valid.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'
import type { DevelopmentIdentity } from '../../src/domain/development-tenant.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'

for (const backend of BACKENDS)
  describe(`identity platform [${backend}]`, () => {
    let server: TestServer
    let dev: DevelopmentIdentity
    before(async () => {
      server = await startTestServer({ backend })
      dev = server.running.developmentIdentity
    })
    after(() => server.close())

    const form = async (
      path: string,
      fields: Record<string, string>,
      redirect: 'follow' | 'manual' = 'follow',
    ) => {
      const response = await fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'client-request-id': 'c0ffee00-0000-4000-8000-000000000001',
        },
        body: new URLSearchParams(fields).toString(),
        redirect,
      })
      const text = await response.text()
      let body: Record<string, unknown> = {}
      try {
        body = JSON.parse(text) as Record<string, unknown>
      } catch {
        // HTML pages
      }
      return { status: response.status, headers: response.headers, text, body }
    }
    const token = (tenant: string, fields: Record<string, string>) =>
      form(`/${tenant}/oauth2/v2.0/token`, fields)
    const graph = (accessToken: string) =>
      server.call('GET', `${P}/connectorGroups`, undefined, {
        authorization: `Bearer ${accessToken}`,
      })
    const assertIdentityError = (body: Record<string, unknown>, error: string, code: number) => {
      assert.equal(body.error, error)
      assert.deepEqual(body.error_codes, [code])
      assert.match(String(body.error_description), new RegExp(`^AADSTS${code}: `))
      assert.match(String(body.timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/)
      assert.match(String(body.trace_id), /^[0-9a-f-]{36}$/)
      assert.equal(body.correlation_id, 'c0ffee00-0000-4000-8000-000000000001')
    }

    test('discovery answers for the tenant id, its domain, and organizations with {tenantid}', async () => {
      for (const path of [
        `/${server.tenantId}/v2.0/.well-known/openid-configuration`,
        '/contoso.onmicrosoft.com/.well-known/openid-configuration',
      ]) {
        const doc = (await server.call('GET', path)).body
        assert.equal(doc.issuer, `${server.baseUrl}/${server.tenantId}/v2.0`)
        assert.equal(doc.token_endpoint, `${server.baseUrl}/${server.tenantId}/oauth2/v2.0/token`)
        assert.equal(
          doc.authorization_endpoint,
          `${server.baseUrl}/${server.tenantId}/oauth2/v2.0/authorize`,
        )
        assert.equal(doc.jwks_uri, `${server.baseUrl}/${server.tenantId}/discovery/v2.0/keys`)
      }
      const common = (
        await server.call('GET', '/organizations/v2.0/.well-known/openid-configuration')
      ).body
      assert.equal(common.issuer, `${server.baseUrl}/{tenantid}/v2.0`)
      const unknown = await fetch(
        `${server.baseUrl}/nowhere.example/v2.0/.well-known/openid-configuration`,
        { headers: { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000001' } },
      )
      assert.equal(unknown.status, 400)
      assertIdentityError(
        (await unknown.json()) as Record<string, unknown>,
        'invalid_request',
        90002,
      )
    })

    test('the keys endpoint publishes public RSA keys only', async () => {
      const { keys } = (await server.call('GET', `/${server.tenantId}/discovery/v2.0/keys`)).body
      assert.equal(keys.length, 1)
      assert.deepEqual(Object.keys(keys[0]).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use'])
    })

    test('client credentials give an app-only token with the granted roles', async () => {
      const response = await token(server.tenantId, {
        grant_type: 'client_credentials',
        client_id: dev.app.appId,
        client_secret: dev.app.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      })
      assert.equal(response.status, 200)
      assert.equal(response.body.token_type, 'Bearer')
      assert.equal(response.body.expires_in, 3600)
      const claims = decodeJwt(String(response.body.access_token))
      assert.equal(claims.idtyp, 'app')
      assert.equal(claims.tid, server.tenantId)
      assert.ok((claims.roles as string[]).includes('Directory.ReadWrite.All'))
      assert.equal((await graph(String(response.body.access_token))).status, 200)
    })

    test('client credentials refuse a wrong secret, a missing secret, an unknown app and a scope without /.default', async () => {
      const base = {
        grant_type: 'client_credentials',
        client_id: dev.app.appId,
        scope: 'https://graph.microsoft.com/.default',
      }
      const wrong = await token(server.tenantId, { ...base, client_secret: 'nope' })
      assert.equal(wrong.status, 401)
      assertIdentityError(wrong.body, 'invalid_client', 7000215)
      assertIdentityError((await token(server.tenantId, base)).body, 'invalid_client', 7000218)
      assertIdentityError(
        (
          await token(server.tenantId, {
            ...base,
            client_secret: 'x',
            client_id: '00000000-0000-0000-0000-00000000abcd',
          })
        ).body,
        'unauthorized_client',
        700016,
      )
      assertIdentityError(
        (
          await token(server.tenantId, {
            ...base,
            client_secret: dev.app.clientSecret,
            scope: 'User.Read',
          })
        ).body,
        'invalid_scope',
        70011,
      )
      assertIdentityError(
        (await token('organizations', { ...base, client_secret: dev.app.clientSecret })).body,
        'invalid_request',
        50059,
      )
      assertIdentityError(
        (await token(server.tenantId, { ...base, grant_type: 'device_code' })).body,
        'unsupported_grant_type',
        70003,
      )
    })

    test('the password grant (ROPC) gives a delegated token, an id token, client_info and a refresh token', async () => {
      const response = await token('organizations', {
        grant_type: 'password',
        client_id: dev.app.appId,
        username: dev.admin.userPrincipalName.toUpperCase(),
        password: dev.admin.password,
        scope: 'https://graph.microsoft.com/Directory.ReadWrite.All openid profile offline_access',
        client_info: '1',
      })
      assert.equal(response.status, 200)
      const claims = decodeJwt(String(response.body.access_token))
      assert.equal(claims.scp, 'Directory.ReadWrite.All')
      assert.equal(claims.upn, dev.admin.userPrincipalName)
      assert.equal(claims.oid, dev.admin.id)
      assert.equal(
        response.body.scope,
        'https://graph.microsoft.com/Directory.ReadWrite.All openid profile offline_access',
      )
      assert.equal(decodeJwt(String(response.body.id_token)).aud, dev.app.appId)
      assert.deepEqual(
        JSON.parse(Buffer.from(String(response.body.client_info), 'base64url').toString()),
        { uid: dev.admin.id, utid: server.tenantId },
      )
      assert.equal((await graph(String(response.body.access_token))).status, 200)

      const wrong = await token(server.tenantId, {
        grant_type: 'password',
        client_id: dev.app.appId,
        username: dev.admin.userPrincipalName,
        password: 'wrong',
        scope: 'User.Read',
      })
      assertIdentityError(wrong.body, 'invalid_grant', 50126)
      const unconsented = await token(server.tenantId, {
        grant_type: 'password',
        client_id: dev.app.appId,
        username: dev.admin.userPrincipalName,
        password: dev.admin.password,
        scope: 'Mail.Read',
      })
      assertIdentityError(unconsented.body, 'invalid_grant', 65001)
    })

    test('a refresh token is redeemed once and replaced', async () => {
      const first = await token(server.tenantId, {
        grant_type: 'password',
        client_id: dev.app.appId,
        username: dev.admin.userPrincipalName,
        password: dev.admin.password,
        scope: 'Directory.ReadWrite.All offline_access',
      })
      const refresh = String(first.body.refresh_token)
      const second = await token(server.tenantId, {
        grant_type: 'refresh_token',
        client_id: dev.app.appId,
        refresh_token: refresh,
      })
      assert.equal(second.status, 200)
      assert.equal(decodeJwt(String(second.body.access_token)).scp, 'Directory.ReadWrite.All')
      assert.notEqual(second.body.refresh_token, refresh)
      assertIdentityError(
        (
          await token(server.tenantId, {
            grant_type: 'refresh_token',
            client_id: dev.app.appId,
            refresh_token: refresh,
          })
        ).body,
        'invalid_grant',
        9002313,
      )
    })

    test('the authorization code flow with PKCE: sign-in page, code, token; a wrong verifier and a reused code are refused', async () => {
      const verifier = randomBytes(32).toString('base64url')
      const challenge = createHash('sha256').update(verifier).digest('base64url')
      const params = {
        client_id: dev.app.appId,
        response_type: 'code',
        redirect_uri: 'http://localhost:3000/',
        scope: 'Directory.ReadWrite.All openid',
        state: 's1',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }
      const authorize = `/${server.tenantId}/oauth2/v2.0/authorize`
      const page = await fetch(
        `${server.baseUrl}${authorize}?${new URLSearchParams(params).toString()}`,
      )
      assert.equal(page.status, 200)
      assert.match(await page.text(), /<form method="post"/)

      const refused = await form(
        authorize,
        { ...params, login: dev.admin.userPrincipalName, passwd: 'wrong' },
        'manual',
      )
      assert.equal(refused.status, 200)
      assert.match(refused.text, /incorrect/)

      const signIn = await form(
        authorize,
        { ...params, login: dev.admin.userPrincipalName, passwd: dev.admin.password },
        'manual',
      )
      assert.equal(signIn.status, 302)
      const location = new URL(signIn.headers.get('location') ?? '')
      assert.equal(`${location.origin}${location.pathname}`, 'http://localhost:3000/')
      assert.equal(location.searchParams.get('state'), 's1')
      const code = location.searchParams.get('code') ?? ''
      const exchange = {
        grant_type: 'authorization_code',
        client_id: dev.app.appId,
        code,
        redirect_uri: params.redirect_uri,
      }
      assertIdentityError(
        (await token(server.tenantId, { ...exchange, code_verifier: 'wrong' })).body,
        'invalid_grant',
        50148,
      )

      const again = await form(
        authorize,
        { ...params, login: dev.admin.userPrincipalName, passwd: dev.admin.password },
        'manual',
      )
      const code2 = new URL(again.headers.get('location') ?? '').searchParams.get('code') ?? ''
      const ok = await token(server.tenantId, { ...exchange, code: code2, code_verifier: verifier })
      assert.equal(ok.status, 200)
      assert.equal(decodeJwt(String(ok.body.access_token)).scp, 'Directory.ReadWrite.All')
      assert.ok(typeof ok.body.id_token === 'string')
      assertIdentityError(
        (await token(server.tenantId, { ...exchange, code: code2, code_verifier: verifier })).body,
        'invalid_grant',
        70000,
      )
    })

    test('an unregistered redirect URI is refused before the sign-in page', async () => {
      const query = new URLSearchParams({
        client_id: dev.app.appId,
        response_type: 'code',
        redirect_uri: 'https://evil.example/cb',
      })
      const response = await fetch(
        `${server.baseUrl}/${server.tenantId}/oauth2/v2.0/authorize?${query.toString()}`,
      )
      assert.equal(response.status, 400)
      assert.deepEqual(((await response.json()) as { error_codes: number[] }).error_codes, [50011])
    })

    test('Graph routes still answer 415 to form bodies', async () => {
      const response = await fetch(`${server.baseUrl}${P}/connectorGroups`, {
        method: 'POST',
        headers: { ...server.authHeaders, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=x',
      })
      assert.equal(response.status, 415)
    })

    test('rotation signs with a new key and keeps the previous one published, so older tokens still verify', async () => {
      const older = await server.tokenFor()
      const oldKid = decodeProtectedHeader(older).kid
      await server.running.identity.rotateKeys()
      const { keys } = (await server.call('GET', `/${server.tenantId}/discovery/v2.0/keys`)).body
      assert.equal(keys.length, 2)
      assert.ok(keys.some((k: { kid: string }) => k.kid === oldKid))
      const newer = await server.tokenFor()
      assert.notEqual(decodeProtectedHeader(newer).kid, oldKid)
      assert.equal((await graph(older)).status, 200)
      assert.equal((await graph(newer)).status, 200)
    })
  })
