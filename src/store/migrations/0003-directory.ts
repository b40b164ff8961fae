// 0003: groups, group membership and the deleted-items bin (issue #4). One schema for both
// dialects, written once; each dialect's migrations list passes its own column types.
import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { ColumnTypes } from './column-types.js'

export function directoryMigration(types: ColumnTypes): Migration {
  const { text, boolean } = types
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('groups')
        .addColumn('tenantId', text, (c) =>
          c.notNull().references('tenants.id').onDelete('cascade'),
        )
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('deletedDateTime', text)
        .addColumn('displayName', text)
        .addColumn('description', text)
        .addColumn('mailNickname', text)
        .addColumn('mailEnabled', boolean)
        .addColumn('securityEnabled', boolean)
        .addColumn('groupTypes', text, (c) => c.notNull().defaultTo('[]'))
        .addColumn('mail', text)
        .addColumn('membershipRule', text)
        .addColumn('membershipRuleProcessingState', text)
        .addColumn('isAssignableToRole', boolean)
        .addColumn('visibility', text)
        .addColumn('createdDateTime', text)
        .addColumn('proxyAddresses', text, (c) => c.notNull().defaultTo('[]'))
        .addColumn('onPremisesSyncEnabled', boolean)
        .addPrimaryKeyConstraint('groups_pk', ['tenantId', 'id'])
        .execute()
      await db.schema
        .createIndex('groups_by_name')
        .on('groups')
        .columns(['tenantId', 'displayName'])
        .execute()

      // Direct membership. A member is a user or a group (no foreign key can name both tables;
      // deleting either removes its rows in the same transaction, src/domain/directory-objects.ts).
      await db.schema
        .createTable('members')
        .addColumn('tenantId', text, (c) => c.notNull())
        .addColumn('groupId', text, (c) => c.notNull())
        .addColumn('memberId', text, (c) => c.notNull())
        .addColumn('memberType', text, (c) => c.notNull())
        .addColumn('createdDateTime', text, (c) => c.notNull())
        // Unique membership (issue #4): the second of two identical adds fails here.
        .addPrimaryKeyConstraint('members_pk', ['tenantId', 'groupId', 'memberId'])
        .addForeignKeyConstraint(
          'members_group_fk',
          ['tenantId', 'groupId'],
          'groups',
          ['tenantId', 'id'],
          (c) => c.onDelete('cascade'),
        )
        // A group is never its own member (issue #4 §5); cycles between groups are allowed (D9).
        .addCheckConstraint('members_not_self', sql`"groupId" <> "memberId"`)
        .execute()
      await db.schema
        .createIndex('members_by_member')
        .on('members')
        .columns(['tenantId', 'memberId', 'groupId'])
        .execute()

      // Deleted directory objects, restorable for 30 days (spec §8.5): the object as it was.
      await db.schema
        .createTable('deletedItems')
        .addColumn('tenantId', text, (c) =>
          c.notNull().references('tenants.id').onDelete('cascade'),
        )
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('type', text, (c) => c.notNull())
        .addColumn('deletedDateTime', text, (c) => c.notNull())
        .addColumn('displayName', text)
        .addColumn('data', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('deletedItems_pk', ['tenantId', 'id'])
        .execute()
      await db.schema
        .createIndex('deletedItems_by_type')
        .on('deletedItems')
        .columns(['tenantId', 'type', 'id'])
        .execute()
    },
  }
}
