// Group membership (spec §4, §8.4): adding and removing members with Graph's rules and errors,
// and reading the four relations (members, memberOf and their transitive closures), typed or not.
import { errors } from '../errors/catalogue.js'
import type { ParsedReference } from '../odata/paths.js'
import type { Group } from '../store/groups.js'
import type { MemberRelation } from '../store/members.js'
import type { ListQuery, Page } from '../store/paging.js'
import { StoreConflict } from '../store/store.js'
import type { StoreTx } from '../store/store.js'
import type { DomainDeps, RequestContext } from './context.js'
import { findDirectoryObject, hydrate, resolveReference } from './directory-objects.js'
import type { DirectoryEntity, DirectoryType } from './directory-objects.js'
import { objectId } from './ids.js'

export const isUnified = (g: Group): boolean =>
  g.groupTypes.some((t) => t.toLowerCase() === 'unified')
const isDynamic = (g: Group): boolean =>
  g.groupTypes.some((t) => t.toLowerCase() === 'dynamicmembership')

export async function requireGroup(tx: StoreTx, tenantId: string, rawId: string): Promise<Group> {
  const id = objectId(rawId)
  const found = await tx.groups.get(tenantId, id)
  if (found === undefined) throw errors.resourceNotFound(id)
  return found
}

/** Manual writes to a group's members are refused for dynamic and synced groups (spec §4.1). */
function checkWritable(target: Group): void {
  if (isDynamic(target)) throw errors.dynamicMembershipGroup()
  if (target.onPremisesSyncEnabled === true) throw errors.syncedObjectReadOnly()
}

/** The member-type matrix of spec §4.1, for the member types modelled here. */
function checkMemberType(target: Group, member: DirectoryEntity): void {
  if (member.type === 'application') {
    throw errors.referenceWrongType('microsoft.graph.directoryObject (user, group)')
  }
  if (member.type !== 'group') return
  const memberGroup = member.entity as Group
  if (member.entity.id === target.id) throw errors.groupCannotContainItself()
  if (isUnified(target)) {
    if (isUnified(memberGroup)) throw errors.unifiedGroupsCannotContainGroups()
    throw errors.memberTypeNotAllowed('group', 'Microsoft 365 group')
  }
  if (isUnified(memberGroup))
    throw errors.memberTypeNotAllowed('Microsoft 365 group', 'security group')
  // Mail-enabled security groups take no groups (MicrosoftDocs/azure-docs#75382).
  if (target.mailEnabled === true)
    throw errors.memberTypeNotAllowed('group', 'mail-enabled security group')
}

/**
 * Adds members in the caller's transaction, all or nothing: every reference is resolved and
 * checked before the first row is written.
 */
export async function addMembersInTx(
  tx: StoreTx,
  tenantId: string,
  target: Group,
  references: readonly ParsedReference[],
  now: string,
): Promise<DirectoryEntity[]> {
  checkWritable(target)
  const members: DirectoryEntity[] = []
  for (const reference of references) {
    const member = await resolveReference(tx, tenantId, reference)
    checkMemberType(target, member)
    if (
      members.some((m) => m.entity.id === member.entity.id) ||
      (await tx.members.has(tenantId, target.id, member.entity.id))
    ) {
      throw errors.referenceAlreadyExists('members')
    }
    members.push(member)
  }
  await tx.members.addMany(
    tenantId,
    target.id,
    members.map((m) => ({ id: m.entity.id, type: m.type })),
    now,
  )
  return members
}

/** Runs a membership write; a duplicate row a racing request wrote first is Graph's E10. */
export async function asMembershipWrite<T>(write: Promise<T>): Promise<T> {
  try {
    return await write
  } catch (error) {
    if (error instanceof StoreConflict && error.kind === 'duplicate')
      throw errors.referenceAlreadyExists('members')
    throw error
  }
}

export interface AddedMember {
  readonly group: DirectoryEntity
  readonly member: DirectoryEntity
}

/** POST groups/{id}/members/$ref (spec §4.2): 204; E6, E10 and the §4.1 refusals otherwise. */
export function addMember(
  deps: DomainDeps,
  ctx: RequestContext,
  groupId: string,
  reference: ParsedReference,
): Promise<AddedMember> {
  return asMembershipWrite(
    deps.store.transaction(async (tx) => {
      const target = await requireGroup(tx, ctx.tenantId, groupId)
      const [member] = await addMembersInTx(
        tx,
        ctx.tenantId,
        target,
        [reference],
        deps.now().toISOString(),
      )
      return {
        group: { type: 'group' as const, entity: target },
        member: member as DirectoryEntity,
      }
    }),
  )
}

/** Seed 002 on `/me`: a group the signed-in user belongs to joins another group (404 otherwise). */
export function addJoinedGroupTo(
  deps: DomainDeps,
  ctx: RequestContext,
  userId: string,
  joinedGroupId: string,
  parentKey: string,
): Promise<AddedMember> {
  return asMembershipWrite(
    deps.store.transaction(async (tx) => {
      const joined = objectId(joinedGroupId)
      if (!(await tx.members.has(ctx.tenantId, joined, userId)))
        throw errors.resourceNotFound(joined)
      const target = await requireGroup(tx, ctx.tenantId, parentKey)
      const [member] = await addMembersInTx(
        tx,
        ctx.tenantId,
        target,
        [{ set: 'groups', key: joined }],
        deps.now().toISOString(),
      )
      return {
        group: { type: 'group' as const, entity: target },
        member: member as DirectoryEntity,
      }
    }),
  )
}

/** DELETE groups/{id}/members/{mid}/$ref (spec §4.4): a non-member is a 404 naming the group. */
export async function removeMember(
  deps: DomainDeps,
  ctx: RequestContext,
  groupId: string,
  memberId: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const target = await requireGroup(tx, ctx.tenantId, groupId)
    checkWritable(target)
    const member = await findDirectoryObject(tx, ctx.tenantId, memberId, ['user', 'group'])
    const removed =
      member !== undefined && (await tx.members.remove(ctx.tenantId, target.id, member.entity.id))
    if (!removed) throw errors.resourceNotFound(target.id)
  })
}

/** Where a relation starts: a user or group named in the path. */
export async function requireSource(
  tx: StoreTx,
  tenantId: string,
  key: string,
  types: readonly DirectoryType[],
): Promise<DirectoryEntity> {
  if (!key.includes('@')) objectId(key)
  const found = await findDirectoryObject(tx, tenantId, key, types)
  if (found === undefined) throw errors.resourceNotFound(key)
  return found
}

export interface RelationRequest {
  readonly source: { key: string; types: readonly DirectoryType[] }
  readonly relation: MemberRelation
  /** An OData cast segment (`/members/microsoft.graph.user`): typed rows, typed query options. */
  readonly cast?: 'user' | 'group'
}

/** One page of a relation: typed entities, each marked with its type. */
export function listRelation(
  deps: DomainDeps,
  ctx: RequestContext,
  request: RelationRequest,
  query: ListQuery,
): Promise<Page<DirectoryEntity>> {
  return deps.store.read(async (tx) => {
    const source = await requireSource(tx, ctx.tenantId, request.source.key, request.source.types)
    const { relation, cast } = request
    if (cast !== undefined) {
      const restrictTo = tx.members.relatedIds(ctx.tenantId, source.entity.id, relation, cast)
      const page =
        cast === 'user'
          ? await tx.users.list(ctx.tenantId, query, restrictTo)
          : await tx.groups.list(ctx.tenantId, query, restrictTo)
      return { ...page, items: page.items.map((entity) => ({ type: cast, entity })) }
    }
    const refs = await tx.members.page(ctx.tenantId, source.entity.id, relation, query)
    return { ...refs, items: await hydrate(tx, ctx.tenantId, refs.items) }
  })
}

export function countRelation(
  deps: DomainDeps,
  ctx: RequestContext,
  request: RelationRequest,
  query: Pick<ListQuery, 'filter' | 'search'>,
): Promise<number> {
  return deps.store.read(async (tx) => {
    const source = await requireSource(tx, ctx.tenantId, request.source.key, request.source.types)
    const { relation, cast } = request
    if (cast === undefined) return tx.members.count(ctx.tenantId, source.entity.id, relation)
    const restrictTo = tx.members.relatedIds(ctx.tenantId, source.entity.id, relation, cast)
    return cast === 'user'
      ? tx.users.count(ctx.tenantId, query, restrictTo)
      : tx.groups.count(ctx.tenantId, query, restrictTo)
  })
}
