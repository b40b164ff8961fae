// 0001: tenants, the App Proxy tables and the applications they point at. Every table is keyed by
// tenant first (issue #6 §5) and every invariant of spec §8.1–8.2 is a constraint here.
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

// SQLite lets a text PRIMARY KEY column hold NULL unless it also says NOT NULL, a quirk kept for
// compatibility (sqlite.org/lang_createtable.html#the_primary_key); so every key column says it.
export const appProxyMigration = (types: ColumnTypes): Migration => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const { text, boolean } = types
    await db.schema
      .createTable('settings')
      .addColumn('key', text, (c) => c.primaryKey().notNull())
      .addColumn('value', text, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('tenants')
      .addColumn('id', text, (c) => c.primaryKey().notNull())
      .addColumn('displayName', text, (c) => c.notNull())
      .addColumn('defaultDomain', text, (c) => c.notNull().unique())
      .addColumn('region', text, (c) => c.notNull())
      .addColumn('isAppProxyEnabled', boolean, (c) => c.notNull().defaultTo(types.true))
      .addColumn('createdDateTime', text, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('connectorGroups')
      .addColumn('tenantId', text, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', text, (c) => c.notNull())
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('connectorGroupType', text, (c) => c.notNull())
      .addColumn('isDefault', boolean, (c) => {
        const check = types.booleanCheck('isDefault')
        return check === undefined ? c.notNull() : c.notNull().check(check)
      })
      .addColumn('region', text)
      .addColumn('createdDateTime', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('connectorGroups_pk', ['tenantId', 'id'])
      .execute()
    // One default group per tenant (spec §8.2): two concurrent creations cannot both commit.
    await sql`create unique index "connectorGroups_one_default" on "connectorGroups" ("tenantId") where ${types.isTrue('isDefault')}`.execute(
      db,
    )
    await db.schema
      .createIndex('connectorGroups_by_name')
      .on('connectorGroups')
      .columns(['tenantId', 'name'])
      .execute()

    await db.schema
      .createTable('connectors')
      .addColumn('tenantId', text, (c) => c.notNull())
      .addColumn('id', text, (c) => c.notNull())
      .addColumn('machineName', text, (c) => c.notNull())
      .addColumn('externalIp', text, (c) => c.notNull())
      .addColumn('version', text, (c) => c.notNull())
      // Exactly one group per connector (spec §8.1): a NOT NULL reference, and a group that still
      // has connectors cannot be deleted (RESTRICT).
      .addColumn('connectorGroupId', text, (c) => c.notNull())
      .addColumn('lastSeenDateTime', text, (c) => c.notNull())
      .addColumn('registeredDateTime', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('connectors_pk', ['tenantId', 'id'])
      .addForeignKeyConstraint(
        'connectors_group_fk',
        ['tenantId', 'connectorGroupId'],
        'connectorGroups',
        ['tenantId', 'id'],
        (c) => c.onDelete('restrict'),
      )
      .execute()
    await db.schema
      .createIndex('connectors_by_group')
      .on('connectors')
      .columns(['tenantId', 'connectorGroupId', 'id'])
      .execute()

    await db.schema
      .createTable('applications')
      .addColumn('tenantId', text, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', text, (c) => c.notNull())
      .addColumn('appId', text, (c) => c.notNull())
      .addColumn('displayName', text)
      .addColumn('description', text)
      .addColumn('signInAudience', text)
      .addColumn('createdDateTime', text)
      .addColumn('deletedDateTime', text)
      .addColumn('onPremisesPublishing', text)
      .addColumn('connectorGroupId', text)
      .addPrimaryKeyConstraint('applications_pk', ['tenantId', 'id'])
      .addUniqueConstraint('applications_appId_unique', ['tenantId', 'appId'])
      .addForeignKeyConstraint(
        'applications_group_fk',
        ['tenantId', 'connectorGroupId'],
        'connectorGroups',
        ['tenantId', 'id'],
        (c) => c.onDelete('restrict'),
      )
      .execute()
    await db.schema
      .createIndex('applications_by_group')
      .on('applications')
      .columns(['tenantId', 'connectorGroupId', 'id'])
      .execute()
  },
})
