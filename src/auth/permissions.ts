// The one permission table: each Graph operation → the delegated scopes and application roles that
// unlock it, and whether personal Microsoft accounts may call it. Configuration may replace rows
// (mergePermissionOverrides); the authorize hook calls authorize() with the merged table.
import { errors } from '../errors/catalogue.js'
import { PERSONAL_ACCOUNTS_TENANT_ID } from './verify-token.js'
import type { Principal } from './verify-token.js'

export interface PermissionRow {
  /** Least → most privileged: the order picks the reported permission and drives least-privilege.ts. */
  delegated: string[]
  application: string[]
  personalAccounts: boolean
}

export type PermissionTable = Record<Operation, PermissionRow>
export type PermissionOverrides = Partial<Record<Operation, Partial<PermissionRow>>>

// App Proxy (spec §3.0, decision D1: the union of the three documentation generations).
// Delegated: every generation lists Directory.ReadWrite.All; the old pages add
// Directory.AccessAsUser.All; OnPremisesPublishingProfiles.ReadWrite.All is the profile root's scope
// and, under D1's union, accepted on every App Proxy operation as the narrowest of the three.
const APP_PROXY_DELEGATED = [
  'OnPremisesPublishingProfiles.ReadWrite.All',
  'Directory.ReadWrite.All',
  'Directory.AccessAsUser.All',
]
const APP_PROXY_APPLICATION = [
  'OnPremisesPublishingProfiles.ReadWrite.All',
  'Directory.ReadWrite.All',
]
// Application roles where a generation listed one: connector-group list (PERM22), create (current
// Learn, PERM22), delete (old delete page), profile GET (PERM22). Connector-group get and update
// join them: D1 defaults to the union so that M365DSC and Terraform, which manage connector groups
// with application permissions (§3.0 history), keep working. Connectors, group members, group
// applications and application ⇄ group are "app: not supported" in every generation: refused.
const appProxy = (application: boolean): PermissionRow => ({
  delegated: [...APP_PROXY_DELEGATED],
  application: application ? [...APP_PROXY_APPLICATION] : [],
  personalAccounts: false,
})

// Directory rows (spec §4.2, §4.4, §4.5; current Learn pages). Directory.AccessAsUser.All closes every
// delegated list: it lets the app do whatever the signed-in user may.
const row = (delegated: string[], application: string[], personalAccounts = false) => ({
  delegated: [...delegated, 'Directory.AccessAsUser.All'],
  application,
  personalAccounts,
})
const USER_READ = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
]
const USER_WRITE = ['User.ReadWrite.All', 'Directory.ReadWrite.All']
const GROUP_READ = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Directory.Read.All',
  'Group.ReadWrite.All',
  'Directory.ReadWrite.All',
]
const GROUP_WRITE = ['Group.ReadWrite.All', 'Directory.ReadWrite.All']
// §4.5: membership reads; the member write scopes include reading.
const MEMBER_READ = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Directory.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.ReadWrite.All',
  'Directory.ReadWrite.All',
]
// §4.2, §4.4: GroupMember.ReadWrite.All is the least privileged, delegated and application alike.
const MEMBER_WRITE = ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All']
const OBJECT_READ = ['Directory.Read.All', 'Directory.ReadWrite.All']
const APP_READ = [
  'Application.Read.All',
  'Directory.Read.All',
  'Application.ReadWrite.All',
  'Directory.ReadWrite.All',
]
const APP_WRITE = ['Application.ReadWrite.All', 'Directory.ReadWrite.All']

export const PERMISSIONS = {
  'profile.get': appProxy(true),
  'connectors.list': appProxy(false),
  'connectors.get': appProxy(false),
  'connectors.memberOf.list': appProxy(false),
  'connectors.memberOf.add': appProxy(false),
  'connectorGroups.list': appProxy(true),
  'connectorGroups.create': appProxy(true),
  'connectorGroups.get': appProxy(true),
  'connectorGroups.update': appProxy(true),
  'connectorGroups.delete': appProxy(true),
  'connectorGroups.members.list': appProxy(false),
  'connectorGroups.members.add': appProxy(false),
  'connectorGroups.applications.list': appProxy(false),
  // A2 is documented nowhere; §3.0 recommends the PUT's scopes plus the application reads.
  'applications.connectorGroup.get': {
    delegated: ['Application.Read.All', 'Directory.Read.All', ...APP_PROXY_DELEGATED],
    application: [],
    personalAccounts: false,
  },
  'applications.connectorGroup.set': appProxy(false),
  'applications.connectorGroup.remove': appProxy(false),

  'users.list': row(['User.ReadBasic.All', ...USER_READ], USER_READ),
  'users.get': row(['User.ReadBasic.All', ...USER_READ], USER_READ),
  'users.create': row(USER_WRITE, USER_WRITE),
  'users.update': row(USER_WRITE, USER_WRITE),
  'users.delete': row(
    ['User.DeleteRestore.All', ...USER_WRITE],
    ['User.DeleteRestore.All', ...USER_WRITE],
  ),
  // /me needs a signed-in user, so no application role; the one directory call personal accounts make.
  'me.get': row(['User.Read', 'User.ReadBasic.All', ...USER_READ], [], true),
  'groups.list': row(GROUP_READ, GROUP_READ),
  'groups.get': row(GROUP_READ, GROUP_READ),
  'groups.create': row(['Group.Create', ...GROUP_WRITE], ['Group.Create', ...GROUP_WRITE]),
  'groups.update': row(GROUP_WRITE, GROUP_WRITE),
  'groups.delete': row(GROUP_WRITE, GROUP_WRITE),
  'groups.members.list': row(MEMBER_READ, MEMBER_READ),
  'groups.members.add': row(MEMBER_WRITE, MEMBER_WRITE),
  'groups.members.remove': row(MEMBER_WRITE, MEMBER_WRITE),
  'groups.memberOf.list': row(MEMBER_READ, MEMBER_READ),
  // Seed 002's write (spec §4.7): whatever the route answers, it asks what members/$ref asks.
  'groups.memberOf.add': row(MEMBER_WRITE, MEMBER_WRITE),
  // §4.5: user memberOf also accepts the user and directory scopes.
  'users.memberOf.list': row(
    ['GroupMember.Read.All', 'User.Read.All', ...MEMBER_READ.slice(1)],
    ['GroupMember.Read.All', 'User.Read.All', ...MEMBER_READ.slice(1)],
  ),
  'directoryObjects.get': row(OBJECT_READ, OBJECT_READ),
  'directoryObjects.getByIds': row(OBJECT_READ, OBJECT_READ),
  // checkMemberGroups/Objects, getMemberGroups/Objects (§4.6).
  'directoryObjects.checkMember': row(MEMBER_READ, MEMBER_READ),
  'applications.list': row(APP_READ, APP_READ),
  'applications.get': row(APP_READ, APP_READ),
  'applications.create': row(APP_WRITE, APP_WRITE),
  'applications.update': row(APP_WRITE, APP_WRITE),
  'applications.delete': row(APP_WRITE, APP_WRITE),
  'deletedItems.list': row(OBJECT_READ, OBJECT_READ),
  'deletedItems.restore': row(['Directory.ReadWrite.All'], ['Directory.ReadWrite.All']),
} as const satisfies Record<string, PermissionRow>

export type Operation = keyof typeof PERMISSIONS
export const OPERATIONS = Object.keys(PERMISSIONS) as Operation[]

export function isOperation(value: string): value is Operation {
  return Object.hasOwn(PERMISSIONS, value)
}

/** The accepted list for the principal's token kind. */
export function acceptedPermissions(
  table: PermissionTable,
  operation: Operation,
  kind: Principal['kind'],
): readonly string[] {
  const entry = table[operation]
  return kind === 'delegated' ? entry.delegated : entry.application
}

// Lists lowercased once per list: the verifier hands out one frozen permission list per token and
// the table's rows are fixed, so authorising a request builds no strings and hashes none.
const loweredLists = new WeakMap<readonly string[], { set: ReadonlySet<string>; list: string[] }>()

function loweredOnce(list: readonly string[]): { set: ReadonlySet<string>; list: string[] } {
  let lowered = loweredLists.get(list)
  if (lowered === undefined) {
    const names = list.map((p) => p.toLowerCase())
    lowered = { set: new Set(names), list: names }
    loweredLists.set(list, lowered)
  }
  return lowered
}

/**
 * The least privileged permission the principal holds for the operation, or a 403.
 * Pass the table merged from configuration; scope names compare case-insensitively, as Entra's do.
 */
export function authorize(
  principal: Principal,
  operation: Operation,
  table: PermissionTable = PERMISSIONS,
): string {
  const personal =
    principal.isPersonalAccount === true || principal.tenantId === PERSONAL_ACCOUNTS_TENANT_ID
  if (personal && !table[operation].personalAccounts) throw errors.insufficientPrivileges()
  const held = loweredOnce(principal.kind === 'delegated' ? principal.scopes : principal.roles).set
  const accepted = acceptedPermissions(table, operation, principal.kind)
  const acceptedLower = loweredOnce(accepted).list
  const match = accepted.find((_, i) => held.has(acceptedLower[i] as string))
  if (match === undefined) throw errors.insufficientPrivileges()
  return match
}

/**
 * The table with configured rows replaced, field by field. Configuration is JSON, so it is checked
 * here and a wrong entry fails start-up. Example: `{"connectors.list": {"application": ["Directory.Read.All"]}}`.
 */
export function mergePermissionOverrides(
  table: PermissionTable,
  overrides: unknown,
): PermissionTable {
  if (overrides === undefined || overrides === null) return table
  if (!isPlainObject(overrides)) throw new Error('Permission overrides must be a JSON object.')
  const merged = { ...table }
  for (const [operation, value] of Object.entries(overrides)) {
    if (!isOperation(operation))
      throw new Error(`Unknown operation '${operation}' in permission overrides.`)
    if (!isPlainObject(value))
      throw new Error(`Permission override '${operation}' must be an object.`)
    const next = { ...merged[operation] }
    for (const [field, list] of Object.entries(value)) {
      if (field === 'personalAccounts') {
        if (typeof list !== 'boolean')
          throw new Error(`'${operation}.personalAccounts' must be a boolean.`)
        next.personalAccounts = list
      } else if (field === 'delegated' || field === 'application') {
        if (!Array.isArray(list) || !list.every((p) => typeof p === 'string' && p !== '')) {
          throw new Error(`'${operation}.${field}' must be a list of permission names.`)
        }
        next[field] = [...(list as string[])]
      } else {
        throw new Error(`Unknown field '${field}' in permission override '${operation}'.`)
      }
    }
    merged[operation] = next
  }
  return merged
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
