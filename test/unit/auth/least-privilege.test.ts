import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  buildLeastPrivilegeReport,
  createMemoryUsageRecorder,
} from '../../../src/auth/least-privilege.js'
import { PERMISSIONS, mergePermissionOverrides } from '../../../src/auth/permissions.js'

describe('least-privilege report', () => {
  it('a write scope that also reads absorbs the read scope', () => {
    const [entry] = buildLeastPrivilegeReport([
      {
        appId: 'a',
        kind: 'delegated',
        operations: ['groups.members.list', 'groups.members.add', 'groups.members.list'],
        heldPermissions: ['Directory.ReadWrite.All', 'User.Read'],
      },
    ])
    assert.deepEqual(entry?.operations, ['groups.members.add', 'groups.members.list'])
    assert.deepEqual(entry?.leastPrivileged, ['GroupMember.ReadWrite.All'])
    assert.deepEqual(entry?.unused, ['User.Read'])
    assert.deepEqual(entry?.removable, ['Directory.ReadWrite.All', 'User.Read'])
    assert.deepEqual(entry?.uncoverable, [])
  })

  it('keeps a narrow read scope beside a write scope that does not cover the read', () => {
    const [entry] = buildLeastPrivilegeReport([
      {
        appId: 'a',
        kind: 'application',
        operations: ['users.list', 'groups.members.add'],
        heldPermissions: ['Directory.ReadWrite.All'],
      },
    ])
    assert.deepEqual(entry?.leastPrivileged, ['GroupMember.ReadWrite.All', 'User.Read.All'])
    assert.deepEqual(entry?.unused, [])
  })

  it('a permission needed anyway replaces a narrower one it also covers', () => {
    const [entry] = buildLeastPrivilegeReport([
      {
        appId: 'a',
        kind: 'delegated',
        operations: ['groups.list', 'groups.update'],
        heldPermissions: [],
      },
    ])
    assert.deepEqual(entry?.leastPrivileged, ['Group.ReadWrite.All'])
  })

  it('App Proxy calls need only the publishing scope (D1)', () => {
    const [entry] = buildLeastPrivilegeReport([
      {
        appId: 'a',
        kind: 'delegated',
        operations: ['connectorGroups.list', 'connectors.memberOf.add'],
        heldPermissions: ['Directory.ReadWrite.All'],
      },
    ])
    assert.deepEqual(entry?.leastPrivileged, ['OnPremisesPublishingProfiles.ReadWrite.All'])
    assert.deepEqual(entry?.unused, [])
    assert.deepEqual(entry?.removable, ['Directory.ReadWrite.All'])
  })

  it('lists operations the token kind can never call, and honours an overridden table', () => {
    const usage = [
      {
        appId: 'a',
        kind: 'application' as const,
        operations: ['connectors.list' as const],
        heldPermissions: [],
      },
    ]
    assert.deepEqual(buildLeastPrivilegeReport(usage)[0]?.uncoverable, ['connectors.list'])
    const table = mergePermissionOverrides(PERMISSIONS, {
      'connectors.list': { application: ['Directory.Read.All'] },
    })
    assert.deepEqual(buildLeastPrivilegeReport(usage, table)[0]?.leastPrivileged, [
      'Directory.Read.All',
    ])
  })
})

describe('memory usage recorder', () => {
  it('groups calls per tenant, application and token kind', async () => {
    const recorder = createMemoryUsageRecorder()
    const base = { tenantId: 't1', appId: 'a', kind: 'delegated' as const }
    recorder.record({ ...base, operation: 'groups.list', heldPermissions: ['Group.Read.All'] })
    recorder.record({ ...base, operation: 'groups.list', heldPermissions: ['Group.Read.All'] })
    recorder.record({ ...base, operation: 'users.get', heldPermissions: ['User.Read.All'] })
    recorder.record({
      ...base,
      tenantId: 't2',
      operation: 'me.get',
      heldPermissions: ['User.Read'],
    })
    const usage = await recorder.usage('t1')
    assert.deepEqual(usage, [
      {
        appId: 'a',
        kind: 'delegated',
        operations: ['groups.list', 'users.get'],
        heldPermissions: ['Group.Read.All', 'User.Read.All'],
      },
    ])
    assert.equal((await recorder.usage()).length, 2)
  })
})
