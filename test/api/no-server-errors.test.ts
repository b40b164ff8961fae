// No bad input may produce a 5xx (the project's rule): random methods, paths built from the
// segments Graph routes use, query strings and bodies, each answered with a Graph-shaped 4xx or a
// success. fast-check shrinks any 5xx to a minimal request.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const SEGMENTS = [
  'v1.0',
  'beta',
  'onPremisesPublishingProfiles',
  'applicationProxy',
  'connectorGroups',
  'connectors',
  'members',
  'memberOf',
  'transitiveMembers',
  'transitiveMemberOf',
  'applications',
  'connectorGroup',
  'users',
  'groups',
  'me',
  'joinedGroups',
  'directoryObjects',
  'getByIds',
  'directory',
  'deletedItems',
  'restore',
  '$ref',
  '$count',
  '$batch',
  '$metadata',
  'microsoft.graph.user',
  'microsoft.graph.group',
  'checkMemberGroups',
  'getMemberObjects',
  '00000000-0000-0000-0000-000000000001',
  'x',
  '%24ref',
  "('x')",
]
const QUERIES = [
  '',
  '?$top=0',
  '?$top=abc',
  '?$filter=',
  "?$filter=name eq 'x",
  '?$filter=(((',
  '?$orderby=x desc desc',
  '?$select=',
  '?$expand=members($select=id)',
  '?$skiptoken=%ff',
  '?$count=maybe',
  '?$search="x"',
  '?$filter=groupTypes/any(c:c eq 1)',
  '?$filter=id in ()',
  '?filter=x',
  '?$skip=-1',
  '?$skip=99999999999999999999',
  '?$top=99999999999999999999',
  '?%zz',
]

const method = fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE')
const path = fc
  .array(fc.oneof(fc.constantFrom(...SEGMENTS), fc.string({ maxLength: 8 })), {
    minLength: 1,
    maxLength: 7,
  })
  .map((segments) => `/${segments.map((s) => s.replace(/[/?#]/g, '')).join('/')}`)
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom(
    '{',
    '[]',
    'null',
    '"x"',
    '{"@odata.id": 5}',
    '{"requests": [{}]}',
    '{"name": {"a": 1}}',
  ),
)

for (const backend of BACKENDS)
  describe(`no 5xx from bad input [${backend}]`, () => {
    let server: TestServer
    before(async () => {
      server = await startTestServer({ backend })
    })
    after(() => server.close())

    test('random bodies and queries on real resources never get a 5xx', async () => {
      const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
      const group = (await server.call('POST', `${P}/connectorGroups`, { name: 'fuzz' })).body
        .id as string
      const connector = (await server.registerConnector()).id
      const dirGroup = (
        await server.call('POST', '/v1.0/groups', {
          displayName: 'fuzz',
          mailNickname: 'fuzz',
          mailEnabled: false,
          securityEnabled: true,
        })
      ).body.id as string
      const app = (await server.call('POST', '/v1.0/applications', { displayName: 'fuzz' })).body
        .id as string
      const targets = [
        `${P}/connectorGroups`,
        `${P}/connectorGroups/${group}`,
        `${P}/connectorGroups/${group}/members/$ref`,
        `${P}/connectors/${connector}/memberOf/$ref`,
        `${P}?$expand=connectors`,
        '/v1.0/users',
        '/v1.0/groups',
        `/v1.0/groups/${dirGroup}`,
        `/v1.0/groups/${dirGroup}/members/$ref`,
        `/beta/groups/${dirGroup}/memberOf/$ref`,
        `/v1.0/groups/${dirGroup}/checkMemberGroups`,
        `/v1.0/groups/${dirGroup}/getMemberGroups`,
        '/v1.0/directoryObjects/getByIds',
        '/v1.0/$batch',
        `/beta/applications/${app}`,
        `/beta/applications/${app}/connectorGroup/$ref`,
        '/v1.0/applications',
      ]
      await fc.assert(
        fc.asyncProperty(
          method,
          fc.constantFrom(...targets),
          fc.constantFrom(...QUERIES),
          body,
          async (m, p, q, b) => {
            const response = await server.call(
              m,
              `${p}${q}`,
              m === 'GET' || m === 'DELETE' ? undefined : b,
            )
            assert.ok(
              response.status < 500,
              `${m} ${p}${q} ${JSON.stringify(b)} → ${response.status} ${response.text}`,
            )
          },
        ),
        { numRuns: 400, seed: 20261124 },
      )
    })

    test('random requests never get a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(method, path, fc.constantFrom(...QUERIES), body, async (m, p, q, b) => {
          const response = await server.call(
            m,
            `${p}${q}`,
            m === 'GET' || m === 'DELETE' ? undefined : b,
          )
          assert.ok(
            response.status < 500,
            `${m} ${p}${q} ${String(b)} → ${response.status} ${response.text}`,
          )
          if (
            response.status >= 400 &&
            response.body !== undefined &&
            p.match(/^\/(v1\.0|beta)/i)
          ) {
            assert.equal(typeof response.body.error?.code, 'string', response.text)
          }
        }),
        { numRuns: 400, seed: 20261123 },
      )
    })
  })
