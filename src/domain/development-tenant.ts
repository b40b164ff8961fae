// What an empty database gets so that `npm start` is ready for real clients (issue #3 §5): an admin
// user with a generated password and an app registration holding every permission of the table.
// Their ids and secrets are kept in the settings table, in clear, so that every start can print
// them: they are development credentials, and the README says so.
import { newClientSecret, newPassword } from '../auth/passwords.js'
import type { PermissionTable } from '../auth/permissions.js'
import type { Tenant } from '../store/tenants.js'
import { upsertAppRegistration, upsertUser } from './accounts.js'
import type { DomainDeps } from './context.js'
import { newObjectId } from './ids.js'

export interface DevelopmentIdentity {
  tenantId: string
  admin: { id: string; userPrincipalName: string; password: string }
  app: { appId: string; displayName: string; clientSecret: string }
}

const SETTING = 'developmentIdentity'
export const DEVELOPMENT_APP_NAME = 'graph-appproxy development app'

/** Every delegated scope and application role the table names, plus User.Read for sign-in. */
export function allPermissions(table: PermissionTable): {
  delegated: string[]
  application: string[]
} {
  const rows = Object.values(table)
  const unique = (lists: string[][]) => [...new Set(lists.flat())].sort()
  return {
    delegated: unique([['User.Read'], ...rows.map((r) => r.delegated)]),
    application: unique(rows.map((r) => r.application)),
  }
}

export async function ensureDevelopmentIdentity(
  deps: DomainDeps,
  tenant: Tenant,
  table: PermissionTable,
): Promise<DevelopmentIdentity> {
  const stored = await deps.store.read((tx) => tx.settings.get(SETTING))
  if (stored !== undefined) return JSON.parse(stored) as DevelopmentIdentity
  const proposed: DevelopmentIdentity = {
    tenantId: tenant.id,
    admin: {
      id: newObjectId(),
      userPrincipalName: `admin@${tenant.defaultDomain}`,
      password: newPassword(),
    },
    app: {
      appId: newObjectId(),
      displayName: DEVELOPMENT_APP_NAME,
      clientSecret: newClientSecret(),
    },
  }
  const permissions = allPermissions(table)
  return deps.store.transaction(async (tx) => {
    // Of two instances starting on one empty database, the first to write the setting wins.
    const kept = JSON.parse(
      await tx.settings.getOrInsert(SETTING, JSON.stringify(proposed)),
    ) as DevelopmentIdentity
    if (kept.app.appId !== proposed.app.appId) return kept
    await upsertUser(
      tx,
      tenant.id,
      {
        id: kept.admin.id,
        userPrincipalName: kept.admin.userPrincipalName,
        displayName: 'Development Admin',
        password: kept.admin.password,
      },
      deps.now(),
    )
    await upsertAppRegistration(tx, tenant.id, {
      appId: kept.app.appId,
      displayName: kept.app.displayName,
      clientSecret: kept.app.clientSecret,
      applicationRoles: permissions.application,
      delegatedScopes: permissions.delegated,
      redirectUris: ['http://localhost', 'https://localhost'],
      isPublicClient: true,
    })
    return kept
  })
}
