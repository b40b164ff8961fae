import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { errors } from '../../../src/errors/catalogue.js'
import { GraphError } from '../../../src/errors/graph-error.js'
import { generateSigningKey, toJwks } from '../../../src/auth/keys.js'
import type { StoredSigningKey } from '../../../src/auth/keys.js'
import { accessTokenIssuer, issueAccessToken } from '../../../src/auth/issue-token.js'
import { createTokenVerifier } from '../../../src/auth/verify-token.js'
import type { TokenVerifierOptions } from '../../../src/auth/verify-token.js'

// The external issuer's key sources, through the verifier: a JWKS file, a JWKS URL and an OpenID
// discovery document, the last two served over loopback HTTP.
const TENANT = '11111111-1111-1111-1111-111111111111'
const OTHER_TENANT = '99999999-9999-9999-9999-999999999999'
const BASE = 'https://localhost:8443'
const T0 = Date.parse('2025-06-01T12:00:00Z')
const DELEGATED = {
  kind: 'delegated' as const,
  tenantId: TENANT,
  userId: '22222222-2222-2222-2222-222222222222',
  upn: 'adele@contoso.test',
  appId: '33333333-3333-3333-3333-333333333333',
  scopes: ['User.Read'],
}

let key: StoredSigningKey

function setup(extra: Partial<TokenVerifierOptions>) {
  const verifier = createTokenVerifier({
    builtIn: {
      issuers: (tid) => [accessTokenIssuer(BASE, tid)],
      keys: async () => toJwks([key]),
    },
    isKnownTenant: async (tid) => tid === TENANT,
    now: () => T0,
    ...extra,
  })
  return { verifier }
}

function token() {
  return issueAccessToken(DELEGATED, key, {
    issuer: accessTokenIssuer(BASE, TENANT),
    now: new Date(T0),
  })
}

// verify() answers a known token without a promise; a refusal is always a rejected promise.
async function rejects(result: unknown, expected: GraphError) {
  assert.ok(result instanceof Promise, 'a refusal must be a rejected promise, never a value')
  await assert.rejects(result, (error: unknown) => {
    assert.ok(error instanceof GraphError)
    assert.equal(error.status, 401)
    assert.equal(error.message, expected.message)
    return true
  })
}

describe('external issuer', () => {
  const EXTERNAL_TID = '55555555-5555-5555-5555-555555555555'
  const ISSUER = 'https://login.example.test/{tenantid}/v2.0'
  let dir: string
  let server: ReturnType<typeof createServer>
  let baseUrl: string

  before(async () => {
    key = await generateSigningKey()
    dir = await mkdtemp(join(tmpdir(), 'graph-appproxy-jwks-'))
    await writeFile(join(dir, 'jwks.json'), JSON.stringify(toJwks([key])))
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json')
      if (req.url === '/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${baseUrl}/keys` }))
      } else {
        res.end(JSON.stringify(toJwks([key])))
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(async () => {
    await new Promise((resolve) => server.close(resolve))
    await rm(dir, { recursive: true, force: true })
  })

  function externalToken(tid = EXTERNAL_TID) {
    return issueAccessToken({ ...DELEGATED, tenantId: tid }, key, {
      issuer: ISSUER.replace('{tenantid}', tid),
      now: new Date(T0),
    })
  }

  for (const source of ['jwksFile', 'discoveryUrl', 'jwksUrl'] as const) {
    it(`trusts the issuer's tokens through its ${source} and maps tid to our tenant`, async () => {
      const location =
        source === 'jwksFile'
          ? join(dir, 'jwks.json')
          : source === 'discoveryUrl'
            ? `${baseUrl}/.well-known/openid-configuration`
            : `${baseUrl}/keys`
      const { verifier } = setup({
        builtIn: undefined,
        external: { issuer: ISSUER, [source]: location, tenantMap: { [EXTERNAL_TID]: TENANT } },
      })
      const principal = await verifier.verify(`Bearer ${await externalToken()}`)
      assert.equal(principal.tenantId, TENANT)
      // A tid the map does not name stays as it is, and is not one of ours.
      await rejects(
        verifier.verify(`Bearer ${await externalToken(OTHER_TENANT)}`),
        errors.tokenInvalid(),
      )
    })
  }

  it('combines with the built-in issuer', async () => {
    const { verifier } = setup({
      external: {
        issuer: ISSUER,
        jwksFile: join(dir, 'jwks.json'),
        tenantMap: { [EXTERNAL_TID]: TENANT },
      },
    })
    assert.equal((await verifier.verify(`Bearer ${await externalToken()}`)).tenantId, TENANT)
    assert.equal((await verifier.verify(`Bearer ${await token()}`)).tenantId, TENANT)
  })
})
