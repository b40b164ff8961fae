// nextLinks carry the request's options as the client wrote them, the old token and $skip
// replaced by the new token (spec §7.2), and are valid URLs whatever the request URL held.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nextLinkFor } from '../../../src/http/list-query.js'

const ORIGIN = 'https://localhost:5080'
const GROUPS = '/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups'

const ROWS: Array<[string, string, string]> = [
  ['no options', GROUPS, `${ORIGIN}${GROUPS}?$skiptoken=T.s`],
  [
    'options kept verbatim, in order',
    `${GROUPS}?$top=5&$filter=startswith(name,'g')%20and%20region%20eq%20'eur'&$select=id,name`,
    `${ORIGIN}${GROUPS}?$top=5&$filter=startswith(name,'g')%20and%20region%20eq%20'eur'&$select=id,name&$skiptoken=T.s`,
  ],
  [
    'the old token replaced, however its name is written',
    `${GROUPS}?%24skiptoken=old&$top=5&SkipToken=old&$SKIPTOKEN=old&%24SkipToken=old`,
    `${ORIGIN}${GROUPS}?$top=5&$skiptoken=T.s`,
  ],
  [
    '$skip belongs to the first page',
    `${GROUPS}?$skip=10&$top=5&skip=3&%24skip=2`,
    `${ORIGIN}${GROUPS}?$top=5&$skiptoken=T.s`,
  ],
  [
    'options that only begin like a skip option are kept',
    `${GROUPS}?$skiptokens=1&$skipx=2&x=$skiptoken`,
    `${ORIGIN}${GROUPS}?$skiptokens=1&$skipx=2&x=$skiptoken&$skiptoken=T.s`,
  ],
  ['empty parts dropped', `${GROUPS}?&$top=5&&`, `${ORIGIN}${GROUPS}?$top=5&$skiptoken=T.s`],
  [
    'what a URL cannot hold is percent-encoded as UTF-8',
    `${GROUPS}?$filter=name eq 'a"b<c>é😀\u{7f}'&$top=1`,
    `${ORIGIN}${GROUPS}?$filter=name%20eq%20'a%22b%3Cc%3E%C3%A9%F0%9F%98%80%7F'&$top=1&$skiptoken=T.s`,
  ],
  [
    'a lone surrogate becomes the replacement character',
    `${GROUPS}?$filter=name eq '\ud800'`,
    `${ORIGIN}${GROUPS}?$filter=name%20eq%20'%EF%BF%BD'&$skiptoken=T.s`,
  ],
]

for (const [name, url, expected] of ROWS) {
  test(`nextLink: ${name}`, () => {
    const link = nextLinkFor(ORIGIN, url, 'T.s')
    assert.equal(link, expected)
    // What a client does with it: parse it, and find the one token.
    assert.deepEqual(new URL(link).searchParams.getAll('$skiptoken'), ['T.s'])
  })
}
