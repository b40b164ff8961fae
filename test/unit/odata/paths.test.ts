// `@odata.id` values (spec §5.2): every accepted form, and the errors of §5.3.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GraphError } from '../../../src/errors/graph-error.js'
import { parseReference } from '../../../src/odata/paths.js'

const ROOT = 'https://localhost:5080/beta'
const ID = '1b0b3c2a-52c2-4b3e-9d69-2a2a0b1f3b11'

describe('parseReference', () => {
  const accepted: Array<[string, object]> = [
    [
      `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${ID}`,
      { set: 'connectors', key: ID },
    ],
    [
      `https://graph.microsoft.com/onPremisesPublishingProfiles/applicationproxy/connectorGroups/${ID}`,
      { set: 'connectorGroups', key: ID },
    ],
    [
      `https://graph.microsoft.com/v1.0/directoryObjects/${ID}`,
      { set: 'directoryObjects', key: ID },
    ],
    [
      `https://graph.microsoft.com/v1.0/users/alice@contoso.com`,
      { set: 'users', key: 'alice@contoso.com' },
    ],
    [`https://graph.microsoft.com/v1.0/groups('${ID}')`, { set: 'groups', key: ID }],
    [
      `https://graph.microsoft.com/v2/0d5a2f1e-0000-0000-0000-000000000000/directoryObjects/${ID}/Microsoft.DirectoryServices.User`,
      { set: 'directoryObjects', key: ID, cast: 'user' },
    ],
    [
      `https://graph.microsoft.com/v1.0/directoryObjects/${ID}/microsoft.graph.group`,
      { set: 'directoryObjects', key: ID, cast: 'group' },
    ],
    [`https://LOCALHOST:5080/beta/connectors/${ID}`, { set: 'connectors', key: ID }],
    [`connectorGroups/${ID}`, { set: 'connectorGroups', key: ID }],
    [`/v1.0/users/${ID}`, { set: 'users', key: ID }],
  ]
  for (const [value, expected] of accepted) {
    test(`accepts ${value}`, () => assert.deepEqual(parseReference(value, ROOT), expected))
  }

  const refused: Array<[unknown, string]> = [
    ['', 'Invalid URL format specified in payload.'],
    [42, 'Invalid URL format specified in payload.'],
    ['http://', 'Invalid URL format specified in payload.'],
    [`https://evil.example/beta/connectors/${ID}`, 'Invalid URL format specified in payload.'],
    [
      `https://graph.microsoft.com/beta/connector/${ID}`,
      "Resource not found for the segment 'connector'.",
    ],
    [
      `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/provisioning/connectors/${ID}`,
      "Resource not found for the segment 'provisioning'.",
    ],
    [
      'https://graph.microsoft.com/beta/connectorGroups/$ref',
      "Resource not found for the segment '$ref'.",
    ],
    [
      `https://graph.microsoft.com/beta/users/${ID}/manager`,
      "Resource not found for the segment 'manager'.",
    ],
    ['https://graph.microsoft.com/beta/users', 'Invalid URL format specified in payload.'],
  ]
  for (const [value, message] of refused) {
    test(`refuses ${String(value)}`, () => {
      assert.throws(
        () => parseReference(value, ROOT),
        (error: unknown) =>
          error instanceof GraphError && error.status === 400 && error.message === message,
      )
    })
  }
})
