// Kysely table types, derived from the entity model: a table holds its entity's stored
// properties (columns named as Graph names them), the tenant id, and the few storage-only
// columns listed here. Complex and collection values are JSON text.
import type { Generated } from 'kysely'
import type { application, connector, connectorGroup, user } from '../model/entities.js'
import type { group } from '../model/directory.js'
import type { EntityTypeDef, PropertyDef } from '../model/types.js'

type Column<D> =
  D extends PropertyDef<infer T>
    ? T extends Record<string, unknown> | unknown[]
      ? string
      : T extends Record<string, unknown> | null
        ? string | null
        : T
    : never

/** The stored columns of an entity, minus the computed properties named in `Computed`. */
export type StoredColumns<E extends EntityTypeDef, Computed extends string = never> = {
  [K in Exclude<keyof E['properties'], Computed>]: Column<E['properties'][K]>
}

type Tenanted<T> = { tenantId: string } & T

export interface TenantsTable {
  id: string
  displayName: string
  defaultDomain: string
  region: string
  isAppProxyEnabled: boolean
  createdDateTime: string
}

export type ConnectorGroupsTable = Tenanted<StoredColumns<typeof connectorGroup>> & {
  createdDateTime: string
}

export type ConnectorsTable = Tenanted<StoredColumns<typeof connector, 'status'>> & {
  /** connector.memberOf: exactly one group, so a NOT NULL column (spec §8.1). */
  connectorGroupId: string
  lastSeenDateTime: string
  registeredDateTime: string
}

export type ApplicationsTable = Tenanted<StoredColumns<typeof application>> & {
  /** application.connectorGroup; set to the default group once publishing is configured (spec §3.4). */
  connectorGroupId: string | null
}

export type UsersTable = Tenanted<StoredColumns<typeof user>> & {
  /** scrypt (auth/passwords.ts); never leaves the store's sign-in query. */
  passwordHash: string | null
}

/** The identity platform's view of an application: what it may ask for and how it signs in. */
export interface AppRegistrationsTable {
  tenantId: string
  appId: string
  displayName: string
  secretHash: string | null
  /** JSON arrays of permission names and URIs. */
  applicationRoles: string
  delegatedScopes: string
  redirectUris: string
  isPublicClient: boolean
  servicePrincipalId: string
}

export interface SigningKeysTable {
  kid: string
  createdDateTime: string
  privateJwk: string
  publicJwk: string
}

/** authorizationCodes and refreshTokens: keyed by the SHA-256 of the code or token. */
export interface GrantsTable {
  hash: string
  tenantId: string
  payload: string
  expiresDateTime: string
}

export interface PermissionUsageTable {
  tenantId: string
  appId: string
  kind: string
  operation: string
  heldPermissions: string
  count: number
  lastUsedDateTime: string
}

export type GroupsTable = Tenanted<StoredColumns<typeof group>>

/** Direct group membership; `memberType` is the member's Graph type (`user`, `group`). */
export interface MembersTable {
  tenantId: string
  groupId: string
  memberId: string
  memberType: string
  createdDateTime: string
}

/** A deleted directory object as it was, restorable for 30 days (spec §8.5). */
export interface DeletedItemsTable {
  tenantId: string
  id: string
  type: string
  deletedDateTime: string
  displayName: string | null
  data: string
}

export interface SettingsTable {
  key: string
  value: string
}

export interface SchemaMigrationsTable {
  id: Generated<number>
}

export interface Database {
  tenants: TenantsTable
  connectorGroups: ConnectorGroupsTable
  connectors: ConnectorsTable
  applications: ApplicationsTable
  settings: SettingsTable
  users: UsersTable
  groups: GroupsTable
  members: MembersTable
  deletedItems: DeletedItemsTable
  appRegistrations: AppRegistrationsTable
  signingKeys: SigningKeysTable
  authorizationCodes: GrantsTable
  refreshTokens: GrantsTable
  permissionUsage: PermissionUsageTable
}
