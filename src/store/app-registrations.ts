// Queries on app registrations: the identity platform's record of a client application (its
// secret, the roles and scopes it was granted, its redirect URIs). Not a Graph entity set here.
import type { Kysely } from 'kysely'
import type { AppRegistrationsTable, Database } from './tables.js'

export interface AppRegistration {
  tenantId: string
  appId: string
  displayName: string
  secretHash: string | null
  applicationRoles: string[]
  delegatedScopes: string[]
  redirectUris: string[]
  isPublicClient: boolean
  servicePrincipalId: string
}

export class AppRegistrationQueries {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async get(tenantId: string, appId: string): Promise<AppRegistration | undefined> {
    const row = await this.#db
      .selectFrom('appRegistrations')
      .selectAll()
      .where('tenantId', '=', tenantId)
      .where('appId', '=', appId.toLowerCase())
      .executeTakeFirst()
    return row === undefined ? undefined : decode(row)
  }

  /** Inserts, or replaces the registration with the same appId; a null hash keeps the stored secret. */
  async upsert(app: AppRegistration): Promise<void> {
    const row: AppRegistrationsTable = {
      ...app,
      appId: app.appId.toLowerCase(),
      applicationRoles: JSON.stringify(app.applicationRoles),
      delegatedScopes: JSON.stringify(app.delegatedScopes),
      redirectUris: JSON.stringify(app.redirectUris),
    }
    const { tenantId: _t, appId: _a, servicePrincipalId: _sp, secretHash, ...changes } = row
    await this.#db
      .insertInto('appRegistrations')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['tenantId', 'appId'])
          .doUpdateSet(secretHash === null ? changes : { ...changes, secretHash }),
      )
      .execute()
  }
}

function decode(row: AppRegistrationsTable): AppRegistration {
  return {
    ...row,
    applicationRoles: JSON.parse(row.applicationRoles) as string[],
    delegatedScopes: JSON.parse(row.delegatedScopes) as string[],
    redirectUris: JSON.parse(row.redirectUris) as string[],
    isPublicClient: Boolean(row.isPublicClient),
  }
}
