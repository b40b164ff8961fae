import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { identityError, identityErrors } from '../../../src/auth/identity-errors.js'

const NOW = new Date('2016-04-11T18:00:12.345Z')
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('identity platform errors', () => {
  it('are shaped as Entra writes them', () => {
    const { status, body } = identityError(
      'invalid_grant',
      50126,
      'Error validating credentials.',
      {
        now: NOW,
        traceId: 'trace',
        correlationId: 'corr',
      },
    )
    assert.equal(status, 400)
    assert.deepEqual(body, {
      error: 'invalid_grant',
      error_description:
        'AADSTS50126: Error validating credentials.\r\nTrace ID: trace\r\nCorrelation ID: corr\r\nTimestamp: 2016-04-11 18:00:12Z',
      error_codes: [50126],
      timestamp: '2016-04-11 18:00:12Z',
      trace_id: 'trace',
      correlation_id: 'corr',
      error_uri: 'https://login.microsoftonline.com/error?code=50126',
    })
  })

  it('generate trace and correlation ids when none are given', () => {
    const { body } = identityErrors.pkceMismatch()
    assert.match(body.trace_id, GUID)
    assert.match(body.correlation_id, GUID)
    assert.notEqual(body.trace_id, body.correlation_id)
  })

  it('answer a failed client authentication with 401 invalid_client', () => {
    const { status, body } = identityErrors.invalidClientSecret('app-id')
    assert.equal(status, 401)
    assert.equal(body.error, 'invalid_client')
    assert.deepEqual(body.error_codes, [7000215])
    assert.match(
      body.error_description,
      /^AADSTS7000215: Invalid client secret provided\..*'app-id'\.\r\n/,
    )
  })

  it('carry the codes of the catalogue', () => {
    const rows: [ReturnType<typeof identityError>, string, number][] = [
      [identityErrors.tenantNotFound('t'), 'invalid_request', 90002],
      [identityErrors.missingParameter('grant_type'), 'invalid_request', 900144],
      [identityErrors.missingField('client_id'), 'invalid_request', 90014],
      [identityErrors.redirectUriMismatch('http://x', 'a'), 'invalid_request', 50011],
      [identityErrors.applicationNotFound('a', 't'), 'unauthorized_client', 700016],
      [identityErrors.missingClientCredential(), 'invalid_client', 7000218],
      [identityErrors.publicClientWithSecret(), 'invalid_client', 700025],
      [identityErrors.invalidCredentials(), 'invalid_grant', 50126],
      [identityErrors.invalidCode(), 'invalid_grant', 70000],
      [identityErrors.malformedGrant(), 'invalid_grant', 9002313],
      [identityErrors.expiredGrant(), 'invalid_grant', 70008],
      [identityErrors.consentRequired('a', 'n'), 'invalid_grant', 65001],
      [identityErrors.unsupportedGrantType('magic'), 'unsupported_grant_type', 70003],
      [identityErrors.invalidScope('x'), 'invalid_scope', 70011],
      [identityErrors.noTenantInformation(), 'invalid_request', 50059],
      [identityErrors.userDisabled(), 'invalid_grant', 50057],
      [identityErrors.resourceNotFound('https://x', 't'), 'invalid_resource', 500011],
    ]
    for (const [{ body }, error, code] of rows) {
      assert.equal(body.error, error, String(code))
      assert.deepEqual(body.error_codes, [code])
      assert.ok(body.error_description.startsWith(`AADSTS${code}: `))
    }
    assert.equal(rows.length + 2, Object.keys(identityErrors).length)
  })
})
