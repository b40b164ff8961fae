// The one URL form the router sees (issue #2 §4, spec §5.2).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { normalizeUrl } from '../../../src/http/normalize-url.js'

const ID = '1b0b3c2a-52c2-4b3e-9d69-2a2a0b1f3b11'

const ROWS: Array<[string, string]> = [
  ['/beta/connectorGroups/x/members/%24ref', '/beta/connectorGroups/x/members/$ref'],
  [
    `/beta/onPremisesPublishingProfiles('applicationProxy')/connectorGroups('${ID}')`,
    `/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${ID}`,
  ],
  [
    `/beta/onPremisesPublishingProfiles(%27applicationProxy%27)/connectors(${ID})/memberOf`,
    `/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${ID}/memberOf`,
  ],
  [
    "/beta/connectorGroups?$filter=name eq 'a(b)'&x=%24",
    "/beta/connectorGroups?$filter=name eq 'a(b)'&x=%24",
  ],
  ['/v1.0/users', '/v1.0/users'],
]

for (const [input, expected] of ROWS) {
  test(`normalizeUrl(${input})`, () => assert.equal(normalizeUrl(input), expected))
}
