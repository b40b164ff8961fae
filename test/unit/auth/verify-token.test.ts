import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { SignJWT, base64url, importJWK } from 'jose'
import { GraphError } from '../../../src/errors/graph-error.js'
import { errors } from '../../../src/errors/catalogue.js'
import { generateSigningKey, toJwks } from '../../../src/auth/keys.js'
import type { StoredSigningKey } from '../../../src/auth/keys.js'
import { accessTokenIssuer, issueAccessToken } from '../../../src/auth/issue-token.js'
import type { AccessTokenInput } from '../../../src/auth/issue-token.js'
import { createTokenVerifier } from '../../../src/auth/verify-token.js'
import type { TokenVerifierOptions } from '../../../src/auth/verify-token.js'

const TENANT = '11111111-1111-1111-1111-111111111111'
const OTHER_TENANT = '99999999-9999-9999-9999-999999999999'
const BASE = 'https://localhost:8443'
const T0 = Date.parse('2025-06-01T12:00:00Z')
const DELEGATED: AccessTokenInput = {
  kind: 'delegated',
  tenantId: TENANT,
  userId: '22222222-2222-2222-2222-222222222222',
  upn: 'adele@contoso.test',
  name: 'Adele Vance',
  appId: '33333333-3333-3333-3333-333333333333',
  scopes: ['Directory.ReadWrite.All', 'User.Read'],
}
const APPLICATION: AccessTokenInput = {
  kind: 'application',
  tenantId: TENANT,
  appId: '33333333-3333-3333-3333-333333333333',
  servicePrincipalId: '44444444-4444-4444-4444-444444444444',
  roles: ['Directory.ReadWrite.All'],
}

let key: StoredSigningKey
let impostor: StoredSigningKey

before(async () => {
  key = await generateSigningKey()
  impostor = await generateSigningKey()
})

/** A verifier over the built-in issuer with a clock the test moves. */
function setup(extra: Partial<TokenVerifierOptions> = {}) {
  const clock = { now: T0, tenantLookups: 0 }
  let published = [key]
  const verifier = createTokenVerifier({
    builtIn: {
      issuers: (tid) => [accessTokenIssuer(BASE, tid)],
      keys: async () => toJwks(published),
    },
    isKnownTenant: async (tid) => {
      clock.tenantLookups++
      return tid === TENANT
    },
    now: () => clock.now,
    ...extra,
  })
  const publish = (keys: StoredSigningKey[]) => void (published = keys)
  return { verifier, clock, publish }
}

function token(input: AccessTokenInput = DELEGATED, opts: { lifetime?: number; at?: number } = {}) {
  return issueAccessToken(input, key, {
    issuer: accessTokenIssuer(BASE, input.tenantId),
    now: new Date(opts.at ?? T0),
    lifetimeSeconds: opts.lifetime,
  })
}

/** Claims as the built-in issuer would sign them, for tokens the issuer cannot make. */
function claims(overrides: Record<string, unknown> = {}) {
  const iat = T0 / 1000
  return {
    aud: 'https://graph.microsoft.com',
    iss: accessTokenIssuer(BASE, TENANT),
    tid: TENANT,
    oid: 'o',
    appid: 'a',
    scp: 'User.Read',
    iat,
    nbf: iat,
    exp: iat + 3600,
    ...overrides,
  }
}

async function forge(signWith: StoredSigningKey, overrides: Record<string, unknown> = {}) {
  return new SignJWT(claims(overrides))
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .sign(await importJWK(signWith.privateJwk, 'RS256'))
}

// verify() answers a known token without a promise; a refusal is always a rejected promise.
async function rejects(result: unknown, expected: GraphError) {
  assert.ok(result instanceof Promise, 'a refusal must be a rejected promise, never a value')
  await assert.rejects(result, (error: unknown) => {
    assert.ok(error instanceof GraphError, `expected a GraphError, got ${String(error)}`)
    assert.equal(error.status, 401)
    assert.equal(error.code, 'InvalidAuthenticationToken')
    assert.equal(error.message, expected.message)
    assert.match(error.headers['WWW-Authenticate'] ?? '', /^Bearer realm=""/)
    return true
  })
}

describe('token verification: 401s', () => {
  const empty = errors.tokenEmpty()
  const malformed = errors.tokenMalformed()
  const invalid = errors.tokenInvalid()
  const expired = errors.tokenExpired()

  it('no Authorization header → Access token is empty.', async () => {
    await rejects(setup().verifier.verify(undefined), empty)
  })

  it('a bearer with nothing after it, or another scheme → Access token is empty.', async () => {
    const { verifier } = setup()
    await rejects(verifier.verify('Bearer '), empty)
    await rejects(verifier.verify('Bearer'), empty)
    await rejects(verifier.verify('Basic dXNlcjpwYXNz'), empty)
  })

  it('garbage, two parts, five parts or undecodable parts → not well formed', async () => {
    const { verifier } = setup()
    for (const value of [
      'garbage',
      'abc.def',
      'a.b.c.d.e',
      '!!.??.x',
      'eyJhbGci.eyJ0aWQ.sig',
      'e30.WzFd.sig',
    ]) {
      await rejects(verifier.verify(`Bearer ${value}`), malformed)
    }
  })

  it('alg none → validation failure', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))
    const payload = base64url.encode(JSON.stringify(claims()))
    await rejects(setup().verifier.verify(`Bearer ${header}.${payload}.`), invalid)
  })

  it('HS256 with a guessed secret → validation failure', async () => {
    const hs = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode('secret'.repeat(8)))
    await rejects(setup().verifier.verify(`Bearer ${hs}`), invalid)
  })

  it('signed by another RSA key under our kid → validation failure', async () => {
    await rejects(setup().verifier.verify(`Bearer ${await forge(impostor)}`), invalid)
  })

  it('an unknown kid → validation failure', async () => {
    const other = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'RS256', kid: impostor.kid })
      .sign(await importJWK(impostor.privateJwk, 'RS256'))
    await rejects(setup().verifier.verify(`Bearer ${other}`), invalid)
  })

  it('wrong audience, wrong issuer, no exp → validation failure', async () => {
    const { verifier } = setup()
    await rejects(
      verifier.verify(`Bearer ${await forge(key, { aud: 'https://graph.windows.net' })}`),
      invalid,
    )
    await rejects(
      verifier.verify(`Bearer ${await forge(key, { iss: 'https://evil.test/' })}`),
      invalid,
    )
    await rejects(verifier.verify(`Bearer ${await forge(key, { exp: undefined })}`), invalid)
  })

  it('an unknown tenant → validation failure', async () => {
    const t = await token({ ...DELEGATED, tenantId: OTHER_TENANT })
    await rejects(setup().verifier.verify(`Bearer ${t}`), invalid)
  })

  it('expired beyond the five-minute tolerance → expired', async () => {
    const t = await token(DELEGATED, { at: T0 - 2 * 3600_000 })
    await rejects(setup().verifier.verify(`Bearer ${t}`), expired)
  })

  it('not yet valid beyond the tolerance → expired or not yet valid', async () => {
    const t = await token(DELEGATED, { at: T0 + 600_000 })
    await rejects(setup().verifier.verify(`Bearer ${t}`), expired)
  })
})

describe('token verification: success', () => {
  it('a delegated token for https://graph.microsoft.com becomes a delegated principal', async () => {
    const principal = await setup().verifier.verify(`Bearer ${await token()}`)
    assert.deepEqual(principal, {
      tenantId: TENANT,
      objectId: '22222222-2222-2222-2222-222222222222',
      appId: '33333333-3333-3333-3333-333333333333',
      kind: 'delegated',
      scopes: ['Directory.ReadWrite.All', 'User.Read'],
      roles: [],
      upn: 'adele@contoso.test',
      name: 'Adele Vance',
      isPersonalAccount: false,
    })
  })

  it('an application token for the Graph app id becomes an application principal', async () => {
    const t = await issueAccessToken(APPLICATION, key, {
      issuer: accessTokenIssuer(BASE, TENANT),
      audience: '00000003-0000-0000-c000-000000000000',
      now: new Date(T0),
    })
    const principal = await setup().verifier.verify(`bearer ${t}`)
    assert.equal(principal.kind, 'application')
    assert.equal(principal.objectId, '44444444-4444-4444-4444-444444444444')
    assert.deepEqual(principal.roles, ['Directory.ReadWrite.All'])
    assert.deepEqual(principal.scopes, [])
  })

  it('skew within the tolerance is accepted', async () => {
    const t = await token(DELEGATED, { at: T0 + 120_000 })
    assert.equal((await setup().verifier.verify(`Bearer ${t}`)).tenantId, TENANT)
  })

  it('a key rotated in by another instance is picked up on its first unknown kid', async () => {
    const { verifier, clock, publish } = setup()
    await verifier.verify(`Bearer ${await token()}`)
    const rotated = await generateSigningKey()
    publish([rotated, key])
    clock.now += 60_000
    const t = await issueAccessToken(DELEGATED, rotated, {
      issuer: accessTokenIssuer(BASE, TENANT),
      now: new Date(clock.now),
    })
    assert.equal((await verifier.verify(`Bearer ${t}`)).appId, DELEGATED.appId)
  })
})

describe('verified-token cache', () => {
  it('serves a token again without re-checking, and rejects it once expired', async () => {
    const { verifier, clock } = setup()
    const t = await token(DELEGATED, { lifetime: 600 })
    await verifier.verify(`Bearer ${t}`)
    await verifier.verify(`Bearer ${t}`)
    assert.equal(clock.tenantLookups, 1)
    clock.now += (600 + 299) * 1000
    await verifier.verify(`Bearer ${t}`)
    clock.now += 2000
    await rejects(verifier.verify(`Bearer ${t}`), errors.tokenExpired())
  })

  it('answers a token verified before at once, without a promise', async () => {
    const { verifier } = setup()
    const t = await token()
    const first = verifier.verify(`Bearer ${t}`)
    assert.ok(first instanceof Promise)
    const principal = await first
    const again = verifier.verify(`Bearer ${t}`)
    assert.ok(!(again instanceof Promise))
    assert.equal(again, principal)
    // Other spellings of the scheme reach the same entry.
    assert.equal(verifier.verify(`bearer   ${t} `), again)
  })

  it('a cached signature pasted onto other claims is not accepted', async () => {
    const { verifier } = setup()
    const t = await token()
    await verifier.verify(`Bearer ${t}`)
    const [header, , signature] = t.split('.')
    const payload = base64url.encode(JSON.stringify(claims({ scp: 'Directory.AccessAsUser.All' })))
    await rejects(
      verifier.verify(`Bearer ${header}.${payload}.${signature}`),
      errors.tokenInvalid(),
    )
  })

  it('stays within its size bound', async () => {
    const { verifier, clock } = setup({ cacheSize: 1 })
    const first = await token()
    await verifier.verify(`Bearer ${first}`)
    await verifier.verify(`Bearer ${await token(APPLICATION)}`)
    await verifier.verify(`Bearer ${first}`)
    assert.equal(clock.tenantLookups, 3)
  })
})
