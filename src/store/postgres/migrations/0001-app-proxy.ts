// 0001: the same tables, keys and constraints as src/store/sqlite/migrations/0001-app-proxy.ts, in
// PostgreSQL's types. Every table is keyed by tenant first (issue #6 §5).
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'

// Byte order, as SQLite compares text: $orderby and keyset paging (`id > $after`) then give the
// same order on both backends whatever locale the database was created with.
const TEXT = sql`text collate "C"`

export const migration0001: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('settings')
      .addColumn('key', TEXT, (c) => c.primaryKey())
      .addColumn('value', TEXT, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('tenants')
      .addColumn('id', TEXT, (c) => c.primaryKey())
      .addColumn('displayName', TEXT, (c) => c.notNull())
      .addColumn('defaultDomain', TEXT, (c) => c.notNull().unique())
      .addColumn('region', TEXT, (c) => c.notNull())
      .addColumn('isAppProxyEnabled', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('createdDateTime', TEXT, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('connectorGroups')
      .addColumn('tenantId', TEXT, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', TEXT, (c) => c.notNull())
      .addColumn('name', TEXT, (c) => c.notNull())
      .addColumn('connectorGroupType', TEXT, (c) => c.notNull())
      .addColumn('isDefault', 'boolean', (c) => c.notNull())
      .addColumn('region', TEXT)
      .addColumn('createdDateTime', TEXT, (c) => c.notNull())
      .addPrimaryKeyConstraint('connectorGroups_pk', ['tenantId', 'id'])
      .execute()
    // One default group per tenant (spec §8.2): two concurrent creations cannot both commit.
    await sql`create unique index "connectorGroups_one_default" on "connectorGroups" ("tenantId") where "isDefault"`.execute(
      db,
    )
    await db.schema
      .createIndex('connectorGroups_by_name')
      .on('connectorGroups')
      .columns(['tenantId', 'name'])
      .execute()

    await db.schema
      .createTable('connectors')
      .addColumn('tenantId', TEXT, (c) => c.notNull())
      .addColumn('id', TEXT, (c) => c.notNull())
      .addColumn('machineName', TEXT, (c) => c.notNull())
      .addColumn('externalIp', TEXT, (c) => c.notNull())
      .addColumn('version', TEXT, (c) => c.notNull())
      // Exactly one group per connector (spec §8.1): a NOT NULL reference, and a group that still
      // has connectors cannot be deleted (RESTRICT), even by a transaction that raced a move.
      .addColumn('connectorGroupId', TEXT, (c) => c.notNull())
      .addColumn('lastSeenDateTime', TEXT, (c) => c.notNull())
      .addColumn('registeredDateTime', TEXT, (c) => c.notNull())
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
      .addColumn('tenantId', TEXT, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', TEXT, (c) => c.notNull())
      .addColumn('appId', TEXT, (c) => c.notNull())
      .addColumn('displayName', TEXT)
      .addColumn('description', TEXT)
      .addColumn('signInAudience', TEXT)
      .addColumn('createdDateTime', TEXT)
      .addColumn('deletedDateTime', TEXT)
      .addColumn('onPremisesPublishing', TEXT)
      .addColumn('connectorGroupId', TEXT)
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
}
