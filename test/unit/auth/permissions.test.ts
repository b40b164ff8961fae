import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GraphError } from '../../../src/errors/graph-error.js'
import {
  OPERATIONS,
  PERMISSIONS,
  authorize,
  isOperation,
  mergePermissionOverrides,
} from '../../../src/auth/permissions.js'
import type { Operation } from '../../../src/auth/permissions.js'
import { PERSONAL_ACCOUNTS_TENANT_ID } from '../../../src/auth/verify-token.js'
import type { Principal } from '../../../src/auth/verify-token.js'

// The operation names the routes use (issue #3); the table must have exactly these rows.
const EXPECTED: Operation[] = [
  'profile.get',
  'connectors.list',
  'connectors.get',
  'connectors.memberOf.list',
  'connectors.memberOf.add',
  'connectorGroups.list',
  'connectorGroups.create',
  'connectorGroups.get',
  'connectorGroups.update',
  'connectorGroups.delete',
  'connectorGroups.members.list',
  'connectorGroups.members.add',
  'connectorGroups.applications.list',
  'applications.connectorGroup.get',
  'applications.connectorGroup.set',
  'applications.connectorGroup.remove',
  'users.list',
  'users.get',
  'users.create',
  'users.update',
  'users.delete',
  'me.get',
  'groups.list',
  'groups.get',
  'groups.create',
  'groups.update',
  'groups.delete',
  'groups.members.list',
  'groups.members.add',
  'groups.members.remove',
  'groups.memberOf.list',
  'groups.memberOf.add',
  'users.memberOf.list',
  'directoryObjects.get',
  'directoryObjects.getByIds',
  'directoryObjects.checkMember',
  'applications.list',
  'applications.get',
  'applications.create',
  'applications.update',
  'applications.delete',
  'deletedItems.list',
  'deletedItems.restore',
]

function user(scopes: string[], tenantId = 'tenant'): Principal {
  return { tenantId, objectId: 'u', appId: 'a', kind: 'delegated', scopes, roles: [] }
}

function app(roles: string[]): Principal {
  return { tenantId: 'tenant', objectId: 'sp', appId: 'a', kind: 'application', scopes: [], roles }
}

function denied(fn: () => unknown) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof GraphError)
    assert.equal(error.status, 403)
    assert.equal(error.code, 'Authorization_RequestDenied')
    return true
  })
}

describe('permission table', () => {
  it('has a row for every operation and no other', () => {
    assert.deepEqual([...OPERATIONS].sort(), [...EXPECTED].sort())
  })

  it('every row accepts at least one delegated scope, without duplicates', () => {
    for (const op of OPERATIONS) {
      const row = PERMISSIONS[op]
      assert.ok(row.delegated.length > 0, op)
      assert.equal(new Set(row.delegated).size, row.delegated.length, op)
      assert.equal(new Set(row.application).size, row.application.length, op)
    }
  })

  it('App Proxy follows D1: the union of scopes, no personal accounts', () => {
    for (const op of OPERATIONS.slice(0, 16)) {
      const row = PERMISSIONS[op]
      assert.equal(row.personalAccounts, false, op)
      for (const scope of [
        'Directory.ReadWrite.All',
        'Directory.AccessAsUser.All',
        'OnPremisesPublishingProfiles.ReadWrite.All',
      ]) {
        assert.ok((row.delegated as readonly string[]).includes(scope), `${op} ${scope}`)
      }
    }
    for (const op of [
      'connectorGroups.list',
      'connectorGroups.create',
      'connectorGroups.delete',
      'profile.get',
    ] as const) {
      assert.ok(
        (PERMISSIONS[op].application as readonly string[]).includes('Directory.ReadWrite.All'),
        op,
      )
    }
    assert.deepEqual(PERMISSIONS['connectors.list'].application, [])
  })
})

describe('authorize', () => {
  it('returns the least privileged permission the principal holds', () => {
    const principal = user([
      'Directory.ReadWrite.All',
      'GroupMember.ReadWrite.All',
      'Group.ReadWrite.All',
    ])
    assert.equal(authorize(principal, 'groups.members.add'), 'GroupMember.ReadWrite.All')
    assert.equal(authorize(principal, 'groups.update'), 'Group.ReadWrite.All')
    assert.equal(
      authorize(user(['directory.readwrite.all']), 'connectors.list'),
      'Directory.ReadWrite.All',
    )
    assert.equal(
      authorize(app(['Directory.ReadWrite.All']), 'connectorGroups.create'),
      'Directory.ReadWrite.All',
    )
  })

  it('refuses a token without a matching scope', () => {
    denied(() => authorize(user(['User.Read']), 'groups.list'))
    denied(() => authorize(user([]), 'connectors.list'))
  })

  it('refuses application tokens where the table has no application permission', () => {
    denied(() => authorize(app(['Directory.ReadWrite.All']), 'connectors.list'))
    denied(() => authorize(app(['Directory.ReadWrite.All']), 'me.get'))
  })

  it('does not mix scopes and roles', () => {
    denied(() => authorize({ ...user([]), roles: ['Directory.ReadWrite.All'] }, 'groups.list'))
  })

  it('refuses personal accounts except where the spec supports them', () => {
    const msa = user(['Directory.ReadWrite.All', 'User.Read'], PERSONAL_ACCOUNTS_TENANT_ID)
    denied(() => authorize(msa, 'connectorGroups.list'))
    denied(() => authorize(msa, 'groups.list'))
    denied(() =>
      authorize({ ...user(['Directory.ReadWrite.All']), isPersonalAccount: true }, 'groups.list'),
    )
    assert.equal(authorize(msa, 'me.get'), 'User.Read')
  })
})

describe('permission overrides', () => {
  it('replace the listed fields of the listed operations only', () => {
    const table = mergePermissionOverrides(PERMISSIONS, {
      'connectors.list': { application: ['Directory.Read.All'] },
      'groups.list': { personalAccounts: true },
    })
    assert.deepEqual(table['connectors.list'].application, ['Directory.Read.All'])
    assert.deepEqual(table['connectors.list'].delegated, PERMISSIONS['connectors.list'].delegated)
    assert.equal(table['groups.list'].personalAccounts, true)
    assert.equal(
      authorize(app(['Directory.Read.All']), 'connectors.list', table),
      'Directory.Read.All',
    )
    assert.deepEqual(PERMISSIONS['connectors.list'].application, [])
  })

  it('reject unknown operations, fields and wrong types', () => {
    assert.throws(
      () => mergePermissionOverrides(PERMISSIONS, { 'nope.get': {} }),
      /Unknown operation/,
    )
    assert.throws(
      () => mergePermissionOverrides(PERMISSIONS, { 'groups.list': { scopes: [] } }),
      /Unknown field/,
    )
    assert.throws(
      () => mergePermissionOverrides(PERMISSIONS, { 'groups.list': { delegated: 'x' } }),
      /list/,
    )
    assert.throws(() => mergePermissionOverrides(PERMISSIONS, []), /JSON object/)
    assert.equal(mergePermissionOverrides(PERMISSIONS, undefined), PERMISSIONS)
  })

  it('isOperation tells operation names from others', () => {
    assert.equal(isOperation('groups.list'), true)
    assert.equal(isOperation('toString'), false)
  })
})
