// 0002: what the built-in identity platform keeps (issue #3): users and app registrations per
// tenant, the shared signing keys, one-time authorization codes and refresh tokens (so any instance
// can redeem what another issued), and the permission usage behind the least-privilege report.
import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

export const identityMigration = (types: ColumnTypes): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const { text, boolean } = types
    await db.schema
      .createTable('users')
      .addColumn('tenantId', text, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', text, (c) => c.notNull())
      // Lower-case, so sign-in names compare case-insensitively as Entra's do.
      .addColumn('userPrincipalName', text, (c) => c.notNull())
      .addColumn('displayName', text)
      .addColumn('givenName', text)
      .addColumn('surname', text)
      .addColumn('mail', text)
      .addColumn('mailNickname', text)
      .addColumn('jobTitle', text)
      .addColumn('userType', text)
      .addColumn('accountEnabled', boolean)
      .addColumn('createdDateTime', text)
      .addColumn('deletedDateTime', text)
      .addColumn('businessPhones', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('otherMails', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('proxyAddresses', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('passwordHash', text)
      .addPrimaryKeyConstraint('users_pk', ['tenantId', 'id'])
      .addUniqueConstraint('users_upn_unique', ['tenantId', 'userPrincipalName'])
      .execute()

    await db.schema
      .createTable('appRegistrations')
      .addColumn('tenantId', text, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('appId', text, (c) => c.notNull())
      .addColumn('displayName', text, (c) => c.notNull())
      .addColumn('secretHash', text)
      .addColumn('applicationRoles', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('delegatedScopes', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('redirectUris', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('isPublicClient', boolean, (c) => c.notNull().defaultTo(types.false))
      .addColumn('servicePrincipalId', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('appRegistrations_pk', ['tenantId', 'appId'])
      .execute()

    await db.schema
      .createTable('signingKeys')
      .addColumn('kid', text, (c) => c.primaryKey().notNull())
      .addColumn('createdDateTime', text, (c) => c.notNull())
      .addColumn('privateJwk', text, (c) => c.notNull())
      .addColumn('publicJwk', text, (c) => c.notNull())
      .execute()

    for (const table of ['authorizationCodes', 'refreshTokens']) {
      await db.schema
        .createTable(table)
        // SHA-256 of the code or token: a database dump holds nothing that can be redeemed.
        .addColumn('hash', text, (c) => c.primaryKey().notNull())
        .addColumn('tenantId', text, (c) =>
          c.notNull().references('tenants.id').onDelete('cascade'),
        )
        .addColumn('payload', text, (c) => c.notNull())
        .addColumn('expiresDateTime', text, (c) => c.notNull())
        .execute()
    }

    await db.schema
      .createTable('permissionUsage')
      .addColumn('tenantId', text, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('appId', text, (c) => c.notNull())
      .addColumn('kind', text, (c) => c.notNull())
      .addColumn('operation', text, (c) => c.notNull())
      .addColumn('heldPermissions', text, (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('lastUsedDateTime', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('permissionUsage_pk', ['tenantId', 'appId', 'kind', 'operation'])
      .execute()
  },
})
