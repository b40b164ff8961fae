import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { generateSigningKey, toJwks } from '../../../src/auth/keys.js'
import type { StoredSigningKey } from '../../../src/auth/keys.js'
import {
  accessTokenIssuer,
  idTokenIssuer,
  issueAccessToken,
  issueIdToken,
} from '../../../src/auth/issue-token.js'

const TENANT = '11111111-1111-1111-1111-111111111111'
const USER = '22222222-2222-2222-2222-222222222222'
const APP = '33333333-3333-3333-3333-333333333333'
const SP = '44444444-4444-4444-4444-444444444444'
const BASE = 'https://localhost:8443'
const NOW = new Date('2025-06-01T12:00:00Z')
const NOW_S = NOW.getTime() / 1000

let key: StoredSigningKey
let keys: ReturnType<typeof createLocalJWKSet>

before(async () => {
  key = await generateSigningKey()
  keys = createLocalJWKSet(toJwks([key]))
})

describe('access tokens', () => {
  it('a delegated token is a v1.0 Graph token with scp, upn and idtyp user', async () => {
    const token = await issueAccessToken(
      {
        kind: 'delegated',
        tenantId: TENANT,
        userId: USER,
        upn: 'adele@contoso.test',
        name: 'Adele Vance',
        appId: APP,
        scopes: ['Directory.ReadWrite.All', 'User.Read'],
      },
      key,
      { issuer: accessTokenIssuer(BASE, TENANT), now: NOW },
    )
    assert.deepEqual(decodeProtectedHeader(token), { typ: 'JWT', alg: 'RS256', kid: key.kid })
    const { payload } = await jwtVerify(token, keys, { currentDate: NOW })
    assert.equal(payload.aud, 'https://graph.microsoft.com')
    assert.equal(payload.iss, `${BASE}/${TENANT}/`)
    assert.equal(payload.ver, '1.0')
    assert.equal(payload.tid, TENANT)
    assert.equal(payload.oid, USER)
    assert.equal(payload.appid, APP)
    assert.equal(payload.scp, 'Directory.ReadWrite.All User.Read')
    assert.equal(payload.upn, 'adele@contoso.test')
    assert.equal(payload.name, 'Adele Vance')
    assert.equal(payload.idtyp, 'user')
    assert.equal(payload.roles, undefined)
    assert.equal(typeof payload.sub, 'string')
    assert.notEqual(payload.sub, USER)
    assert.equal(payload.iat, NOW_S)
    assert.equal(payload.nbf, NOW_S)
    assert.equal(payload.exp, NOW_S + 3600)
  })

  it('an application token carries roles, the service principal as oid and sub, idtyp app', async () => {
    const token = await issueAccessToken(
      {
        kind: 'application',
        tenantId: TENANT,
        appId: APP,
        servicePrincipalId: SP,
        roles: ['Directory.ReadWrite.All'],
      },
      key,
      { issuer: 'https://sts.windows.net/' + TENANT + '/', now: NOW, lifetimeSeconds: 600 },
    )
    const { payload } = await jwtVerify(token, keys, { currentDate: NOW })
    assert.deepEqual(payload.roles, ['Directory.ReadWrite.All'])
    assert.equal(payload.oid, SP)
    assert.equal(payload.sub, SP)
    assert.equal(payload.idtyp, 'app')
    assert.equal(payload.scp, undefined)
    assert.equal(payload.upn, undefined)
    assert.equal(payload.exp, NOW_S + 600)
  })

  it('the audience can be the Graph app id', async () => {
    const token = await issueAccessToken(
      { kind: 'application', tenantId: TENANT, appId: APP, servicePrincipalId: SP, roles: [] },
      key,
      { issuer: 'x', audience: '00000003-0000-0000-c000-000000000000', now: NOW },
    )
    const { payload } = await jwtVerify(token, keys, { currentDate: NOW })
    assert.equal(payload.aud, '00000003-0000-0000-c000-000000000000')
  })
})

describe('id tokens', () => {
  it('are v2.0 tokens for the client, with the nonce when one was sent', async () => {
    const token = await issueIdToken(
      {
        tenantId: TENANT,
        userId: USER,
        clientId: APP,
        preferredUsername: 'adele@contoso.test',
        name: 'Adele Vance',
        nonce: 'n-0S6_WzA2Mj',
      },
      key,
      { issuerBase: `${BASE}/`, now: NOW },
    )
    const { payload, protectedHeader } = await jwtVerify(token, keys, { currentDate: NOW })
    assert.equal(protectedHeader.kid, key.kid)
    assert.equal(payload.aud, APP)
    assert.equal(payload.iss, idTokenIssuer(BASE, TENANT))
    assert.equal(payload.iss, `${BASE}/${TENANT}/v2.0`)
    assert.equal(payload.ver, '2.0')
    assert.equal(payload.preferred_username, 'adele@contoso.test')
    assert.equal(payload.oid, USER)
    assert.equal(payload.tid, TENANT)
    assert.equal(payload.nonce, 'n-0S6_WzA2Mj')
  })

  it('leave the nonce out when none was sent', async () => {
    const token = await issueIdToken(
      { tenantId: TENANT, userId: USER, clientId: APP, preferredUsername: 'a@b.test' },
      key,
      { issuerBase: BASE, now: NOW },
    )
    const { payload } = await jwtVerify(token, keys, { currentDate: NOW })
    assert.equal('nonce' in payload, false)
  })
})
