export type RelatedIds = ReturnType<MemberQueries['relatedIds']>

// Group membership: direct rows, and the four relations read from them (members, memberOf and
// their transitive closures). Transitive reads are one recursive SQL query each; UNION (not
// UNION ALL) drops rows already reached, so a cycle between groups ends the recursion (D9).
// The recursive step is written `closure CROSS JOIN members`: SQLite then keeps the one queued
// row outside and finds its rows through the members index, instead of scanning members per row.
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { countRows, selectPage } from './paging.js'
import type { ListQuery, Page } from './paging.js'
import type { CompileOptions } from './query-to-kysely.js'
import type { Database } from './tables.js'

export type MemberRelation = 'members' | 'transitiveMembers' | 'memberOf' | 'transitiveMemberOf'

/** A related directory object before it is read: its id and Graph type. */
export interface DirectoryRef {
  id: string
  type: string
}

// Untyped relation lists bind against directoryObject: only `id` can be filtered or sorted.
const COMPILE: CompileOptions = {
  column: (name) => (name === 'id' ? sql.ref('related.id') : sql`null`),
}

export class MemberQueries {
  readonly #db: Kysely<Database>
  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async add(
    tenantId: string,
    groupId: string,
    member: DirectoryRef,
    createdDateTime: string,
  ): Promise<void> {
    await this.#db
      .insertInto('members')
      .values({ tenantId, groupId, memberId: member.id, memberType: member.type, createdDateTime })
      .execute()
  }

  async addMany(
    tenantId: string,
    groupId: string,
    members: readonly DirectoryRef[],
    createdDateTime: string,
  ): Promise<void> {
    if (members.length === 0) return
    await this.#db
      .insertInto('members')
      .values(
        members.map((m) => ({
          tenantId,
          groupId,
          memberId: m.id,
          memberType: m.type,
          createdDateTime,
        })),
      )
      .execute()
  }

  async remove(tenantId: string, groupId: string, memberId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('members')
      .where('tenantId', '=', tenantId)
      .where('groupId', '=', groupId)
      .where('memberId', '=', memberId)
      .executeTakeFirst()
    return result.numDeletedRows > 0n
  }

  async has(tenantId: string, groupId: string, memberId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('members')
      .select('memberId')
      .where('tenantId', '=', tenantId)
      .where('groupId', '=', groupId)
      .where('memberId', '=', memberId)
      .executeTakeFirst()
    return row !== undefined
  }

  /** Every membership row naming `id`, either side (a deleted object leaves no references). */
  async removeAllOf(tenantId: string, id: string): Promise<void> {
    await this.#db
      .deleteFrom('members')
      .where('tenantId', '=', tenantId)
      .where((eb) => eb.or([eb('memberId', '=', id), eb('groupId', '=', id)]))
      .execute()
  }

  /** The related objects of `id` as a subquery of (id, type) rows. */
  related(tenantId: string, id: string, relation: MemberRelation) {
    const db = this.#db
    switch (relation) {
      case 'members':
        return db
          .selectFrom('members')
          .select(['memberId as id', 'memberType as type'])
          .where('tenantId', '=', tenantId)
          .where('groupId', '=', id)
      case 'memberOf':
        return db
          .selectFrom('members')
          .select(['groupId as id', sql<string>`'group'`.as('type')])
          .where('tenantId', '=', tenantId)
          .where('memberId', '=', id)
      case 'transitiveMembers':
        return db
          .withRecursive('closure(id, type)', (cte) =>
            cte
              .selectFrom('members')
              .select(['memberId as id', 'memberType as type'])
              .where('tenantId', '=', tenantId)
              .where('groupId', '=', id)
              .union(
                cte
                  .selectFrom('closure')
                  .crossJoin('members')
                  .whereRef('members.groupId', '=', 'closure.id')
                  .select(['members.memberId as id', 'members.memberType as type'])
                  .where('members.tenantId', '=', tenantId),
              ),
          )
          .selectFrom('closure')
          .select(['closure.id as id', 'closure.type as type'])
          .where('closure.id', '<>', id)
      case 'transitiveMemberOf':
        return db
          .withRecursive('closure(id, type)', (cte) =>
            cte
              .selectFrom('members')
              .select(['groupId as id', sql<string>`'group'`.as('type')])
              .where('tenantId', '=', tenantId)
              .where('memberId', '=', id)
              .union(
                cte
                  .selectFrom('closure')
                  .crossJoin('members')
                  .whereRef('members.memberId', '=', 'closure.id')
                  .select(['members.groupId as id', sql<string>`'group'`.as('type')])
                  .where('members.tenantId', '=', tenantId),
              ),
          )
          .selectFrom('closure')
          .select(['closure.id as id', 'closure.type as type'])
          .where('closure.id', '<>', id)
    }
  }

  /** The ids of the related objects of one type, as a subquery (typed lists: `/members/microsoft.graph.user`). */
  relatedIds(tenantId: string, id: string, relation: MemberRelation, type: string) {
    return this.#db
      .selectFrom(this.related(tenantId, id, relation).as('related'))
      .select('related.id')
      .where('related.type', '=', type)
  }

  /** One page of related refs in id order; only `id` can be filtered or sorted on untyped lists. */
  async page(
    tenantId: string,
    id: string,
    relation: MemberRelation,
    query: ListQuery,
  ): Promise<Page<DirectoryRef>> {
    const base = this.#db
      .selectFrom(this.related(tenantId, id, relation).as('related'))
      .select(['related.id', 'related.type'])
    return selectPage(base, query, COMPILE)
  }

  async count(
    tenantId: string,
    id: string,
    relation: MemberRelation,
    type?: string,
  ): Promise<number> {
    let base = this.#db
      .selectFrom(this.related(tenantId, id, relation).as('related'))
      .select('related.id')
    if (type !== undefined) base = base.where('related.type', '=', type)
    return countRows(base)
  }

  /** All related ids (for the membership actions), at most `limit` + 1 so callers can tell overflow. */
  async ids(
    tenantId: string,
    id: string,
    relation: MemberRelation,
    limit: number,
  ): Promise<DirectoryRef[]> {
    return this.#db
      .selectFrom(this.related(tenantId, id, relation).as('related'))
      .select(['related.id', 'related.type'])
      .orderBy('related.id')
      .limit(sql.lit(limit + 1)) // a literal, as in paging.ts
      .execute()
  }
}
