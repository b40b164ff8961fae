import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GraphError } from '../../../src/errors/graph-error.js'
import { application, connectorGroup } from '../../../src/model/entities.js'
import type { EntityTypeDef } from '../../../src/model/types.js'
import { bindQuery } from '../../../src/odata/bind.js'
import { checkLimits } from '../../../src/odata/limits.js'
import type { LimitsContext } from '../../../src/odata/limits.js'
import { parseQueryOptions } from '../../../src/odata/query-options.js'

const DIRECTORY: LimitsContext = { consistencyLevelEventual: false, isDirectoryCollection: true }
const EVENTUAL: LimitsContext = { consistencyLevelEventual: true, isDirectoryCollection: true }
const MEMBERS: LimitsContext = { ...DIRECTORY, isMembershipList: true }
const APP_PROXY: LimitsContext = { consistencyLevelEventual: false, isDirectoryCollection: false }

function check(
  raw: Record<string, string>,
  context: LimitsContext,
  entity: EntityTypeDef = application,
) {
  return checkLimits(bindQuery(parseQueryOptions(raw, { dollarOptional: true }), entity), context)
}

function rejects(
  raw: Record<string, string>,
  context: LimitsContext,
  code: string,
  message?: string,
) {
  assert.throws(
    () => check(raw, context),
    (err: unknown) =>
      err instanceof GraphError &&
      err.status === 400 &&
      err.code === code &&
      (message === undefined || err.message === message),
  )
}

describe('checkLimits', () => {
  test('$top outside 1–999 is E15 with the raw value', () => {
    for (const top of ['0', '1000', '00000']) {
      rejects(
        { $top: top },
        APP_PROXY,
        'Request_UnsupportedQuery',
        `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
      )
    }
    assert.equal(check({ $top: '999' }, DIRECTORY).pageSize, 999)
    assert.equal(check({}, DIRECTORY).pageSize, 100)
  })

  test('$search needs ConsistencyLevel on directory objects (E13)', () => {
    rejects(
      { $search: '"displayName:a"' },
      DIRECTORY,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    )
    assert.equal(check({ $search: '"displayName:a"' }, EVENTUAL).isAdvancedQuery, true)
  })

  test('ne, not, endswith and $filter+$orderby are advanced queries (E11 without the header)', () => {
    const advanced: Record<string, string>[] = [
      { $filter: "displayName ne 'a'" },
      { $filter: "not startswith(displayName,'a')" },
      { $filter: "endswith(displayName,'a')" },
      { $filter: "displayName eq 'a'", $orderby: 'displayName' },
    ]
    for (const raw of advanced) {
      rejects(raw, DIRECTORY, 'Request_UnsupportedQuery', 'Unsupported Query.')
      assert.equal(check(raw, EVENTUAL).isAdvancedQuery, true)
    }
    assert.equal(
      check({ $filter: "startswith(displayName,'a')" }, DIRECTORY).isAdvancedQuery,
      false,
    )
  })

  test('$count=true without the header is dropped, not refused', () => {
    const dropped = check({ $count: 'true' }, DIRECTORY)
    assert.equal(dropped.countDropped, true)
    assert.equal(dropped.query.count, false)
    assert.equal(check({ $count: 'true' }, EVENTUAL).query.count, true)
  })

  test('membership lists need the header and $count=true for $filter and $orderby', () => {
    rejects({ $orderby: 'displayName' }, MEMBERS, 'Request_UnsupportedQuery')
    rejects(
      { $filter: "displayName eq 'a'" },
      { ...MEMBERS, consistencyLevelEventual: true },
      'Request_UnsupportedQuery',
    )
    assert.ok(
      check(
        { $filter: "displayName eq 'a'", $count: 'true' },
        { ...MEMBERS, consistencyLevelEventual: true },
      ),
    )
  })

  test('one $expand, and none with advanced queries', () => {
    rejects({ $expand: 'connectorGroup,connectorGroup' }, APP_PROXY, 'BadRequest')
    rejects({ $expand: 'connectorGroup', $count: 'true' }, EVENTUAL, 'Request_UnsupportedQuery')
    assert.equal(check({ $expand: 'connectorGroup' }, DIRECTORY).expandLimit, 20)
  })

  test('$skip is refused on directory objects and allowed on App Proxy collections', () => {
    rejects({ $skip: '1' }, DIRECTORY, 'Request_UnsupportedQuery')
    assert.equal(check({ $skip: '1' }, APP_PROXY).query.skip, 1)
  })

  test('App Proxy collections need no header for $filter, $orderby and $count', () => {
    const checked = checkLimits(
      bindQuery(
        parseQueryOptions(
          { $filter: "name ne 'a'", $orderby: 'name', $count: 'true' },
          { dollarOptional: true },
        ),
        connectorGroup,
      ),
      APP_PROXY,
    )
    assert.equal(checked.query.count, true)
    assert.equal(checked.countDropped, false)
  })
})
