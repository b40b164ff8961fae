// Every Graph request carries a token the server verifies (issue #3 §2): missing, malformed,
// forged and stale tokens answer 401 InvalidAuthenticationToken with Graph's WWW-Authenticate
// (spec §6.2, §6.3 E1–E4), and a refused write changes nothing.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { SignJWT, base64url, decodeJwt, generateKeyPair, importJWK } from 'jose'
import type { JWTPayload } from 'jose'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"'
const EMPTY = 'Access token is empty.'
const EXPIRED = 'Access token has expired or is not yet valid.'
const INVALID = 'Access token validation failure.'
const now = () => Math.floor(Date.now() / 1000)

for (const backend of BACKENDS)
  describe(`authentication [${backend}]`, () => {
    let server: TestServer
    let valid: string
    let claims: JWTPayload
    /** Signs `changes` over a valid token's claims with the server's own key (or another). */
    let forge: (
      changes: JWTPayload,
      header?: Record<string, unknown>,
      key?: 'server' | 'other',
    ) => Promise<string>

    before(async () => {
      server = await startTestServer({ backend })
      valid = await server.tokenFor()
      claims = decodeJwt(valid)
      const active = await server.running.identity.issuer.keys.active()
      const serverKey = await importJWK(active.privateJwk, 'RS256')
      const otherKey = (await generateKeyPair('RS256')).privateKey
      forge = async (changes, header = {}, key = 'server') =>
        new SignJWT({ ...claims, ...changes })
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: active.kid, ...header })
          .sign(key === 'server' ? serverKey : otherKey)
    })
    after(() => server.close())

    const groupCount = async () =>
      (await server.call('GET', `${P}/connectorGroups`)).body.value.length as number

    const unsigned = (payload: JWTPayload, alg: string) =>
      `${base64url.encode(JSON.stringify({ alg, typ: 'JWT' }))}.${base64url.encode(JSON.stringify(payload))}.`

    const cases: Array<[string, () => Promise<string | undefined>, string]> = [
      ['no Authorization header', async () => undefined, EMPTY],
      ['an empty bearer', async () => 'Bearer ', EMPTY],
      ['a malformed token', async () => 'Bearer not-a-jwt', 'IDX14100'],
      ['a token whose parts are not JSON', async () => 'Bearer YWJj.ZGVm.Z2hp', 'IDX14100'],
      [
        'a token signed by another key',
        async () => `Bearer ${await forge({}, {}, 'other')}`,
        INVALID,
      ],
      [
        'a token with a changed payload',
        async () => {
          const [h, , s] = valid.split('.')
          return `Bearer ${h}.${base64url.encode(JSON.stringify({ ...claims, scp: 'Directory.ReadWrite.All x' }))}.${s}`
        },
        INVALID,
      ],
      ['alg none', async () => `Bearer ${unsigned(claims, 'none')}`, INVALID],
      [
        'alg HS256 keyed with the public key',
        async () => {
          const jwk = (await server.running.identity.issuer.keys.jwks()).keys[0]
          const secret = new TextEncoder().encode(JSON.stringify(jwk))
          return `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret)}`
        },
        INVALID,
      ],
      [
        'an expired token',
        async () =>
          `Bearer ${await forge({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })}`,
        EXPIRED,
      ],
      [
        'a token not yet valid',
        async () => `Bearer ${await forge({ nbf: now() + 3600, exp: now() + 7200 })}`,
        EXPIRED,
      ],
      [
        'a token for another audience',
        async () => `Bearer ${await forge({ aud: 'https://graph.windows.net' })}`,
        INVALID,
      ],
      [
        'a token from an unknown issuer',
        async () =>
          `Bearer ${await forge({ iss: `https://sts.windows.net/${String(claims.tid)}/` })}`,
        INVALID,
      ],
      [
        'a token of an unknown tenant',
        async () => {
          const tid = randomUUID()
          return `Bearer ${await forge({ tid, iss: String(claims.iss).replace(String(claims.tid), tid) })}`
        },
        INVALID,
      ],
      ['a token without exp', async () => `Bearer ${await forge({ exp: undefined })}`, INVALID],
    ]

    for (const [name, authorization, message] of cases) {
      test(`${name} answers 401 InvalidAuthenticationToken with WWW-Authenticate and changes nothing`, async () => {
        const before = await groupCount()
        const header = await authorization()
        const response = await server.call(
          'POST',
          `${P}/connectorGroups`,
          { name: `refused ${name}` },
          { authorization: header ?? '' },
        )
        assert.equal(response.status, 401)
        assert.equal(response.body.error.code, 'InvalidAuthenticationToken')
        assert.ok(response.body.error.message.startsWith(message), response.body.error.message)
        assert.equal(response.headers.get('www-authenticate'), WWW_AUTHENTICATE)
        assert.equal(await groupCount(), before)
      })
    }

    test('a valid token is accepted on both versions and unknown segments still need one', async () => {
      assert.equal((await server.call('GET', `${P}/connectorGroups`)).status, 200)
      assert.equal(
        (await server.call('GET', `${P}/widgets`, undefined, { authorization: '' })).status,
        401,
      )
      assert.equal((await server.call('GET', `${P}/widgets`)).status, 400)
    })

    test('identity, admin and health endpoints take no Graph token', async () => {
      const none = { authorization: '' }
      assert.equal(
        (
          await server.call(
            'GET',
            `/${server.tenantId}/v2.0/.well-known/openid-configuration`,
            undefined,
            none,
          )
        ).status,
        200,
      )
      assert.equal((await server.call('GET', '/_health', undefined, none)).status, 200)
      assert.equal(
        (
          await server.call('GET', '/_admin/tenants', undefined, {
            'x-admin-key': server.adminKey,
            authorization: '',
          })
        ).status,
        200,
      )
    })
  })
