// 0002: the same identity tables as src/store/sqlite/migrations/0002-identity.ts, in PostgreSQL's
// types (text in byte order, native booleans).
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'

const TEXT = sql`text collate "C"`

export const migration0002: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('tenantId', TEXT, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', TEXT, (c) => c.notNull())
      .addColumn('userPrincipalName', TEXT, (c) => c.notNull())
      .addColumn('displayName', TEXT)
      .addColumn('givenName', TEXT)
      .addColumn('surname', TEXT)
      .addColumn('mail', TEXT)
      .addColumn('mailNickname', TEXT)
      .addColumn('jobTitle', TEXT)
      .addColumn('userType', TEXT)
      .addColumn('accountEnabled', 'boolean')
      .addColumn('createdDateTime', TEXT)
      .addColumn('deletedDateTime', TEXT)
      .addColumn('businessPhones', TEXT, (c) => c.notNull().defaultTo('[]'))
      .addColumn('otherMails', TEXT, (c) => c.notNull().defaultTo('[]'))
      .addColumn('proxyAddresses', TEXT, (c) => c.notNull().defaultTo('[]'))
      .addColumn('passwordHash', TEXT)
      .addPrimaryKeyConstraint('users_pk', ['tenantId', 'id'])
      .addUniqueConstraint('users_upn_unique', ['tenantId', 'userPrincipalName'])
      .execute()

    await db.schema
      .createTable('appRegistrations')
      .addColumn('tenantId', TEXT, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('appId', TEXT, (c) => c.notNull())
      .addColumn('displayName', TEXT, (c) => c.notNull())
      .addColumn('secretHash', TEXT)
      .addColumn('applicationRoles', TEXT, (c) => c.notNull().defaultTo('[]'))
      .addColumn('delegatedScopes', TEXT, (c) => c.notNull().defaultTo('[]'))
      .addColumn('redirectUris', TEXT, (c) => c.notNull().defaultTo('[]'))
      .addColumn('isPublicClient', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('servicePrincipalId', TEXT, (c) => c.notNull())
      .addPrimaryKeyConstraint('appRegistrations_pk', ['tenantId', 'appId'])
      .execute()

    await db.schema
      .createTable('signingKeys')
      .addColumn('kid', TEXT, (c) => c.primaryKey())
      .addColumn('createdDateTime', TEXT, (c) => c.notNull())
      .addColumn('privateJwk', TEXT, (c) => c.notNull())
      .addColumn('publicJwk', TEXT, (c) => c.notNull())
      .execute()

    for (const table of ['authorizationCodes', 'refreshTokens']) {
      await db.schema
        .createTable(table)
        .addColumn('hash', TEXT, (c) => c.primaryKey())
        .addColumn('tenantId', TEXT, (c) =>
          c.notNull().references('tenants.id').onDelete('cascade'),
        )
        .addColumn('payload', TEXT, (c) => c.notNull())
        .addColumn('expiresDateTime', TEXT, (c) => c.notNull())
        .execute()
    }

    await db.schema
      .createTable('permissionUsage')
      .addColumn('tenantId', TEXT, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('appId', TEXT, (c) => c.notNull())
      .addColumn('kind', TEXT, (c) => c.notNull())
      .addColumn('operation', TEXT, (c) => c.notNull())
      .addColumn('heldPermissions', TEXT, (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('lastUsedDateTime', TEXT, (c) => c.notNull())
      .addPrimaryKeyConstraint('permissionUsage_pk', ['tenantId', 'appId', 'kind', 'operation'])
      .execute()
  },
}
