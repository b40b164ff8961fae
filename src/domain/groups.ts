// Groups (spec §2.7, §4.3): create with Graph's required fields and `members@odata.bind`, read,
// update (membership binds all or nothing), delete into the deleted-items bin.
import { errors } from '../errors/catalogue.js'
import { group as groupType } from '../model/directory.js'
import { validateBody } from '../model/validate-body.js'
import type { Group } from '../store/groups.js'
import type { ListQuery, Page } from '../store/paging.js'
import { bindReferences } from './bind-references.js'
import type { DomainDeps, RequestContext } from './context.js'
import { moveToDeletedItems } from './directory-objects.js'
import { newObjectId } from './ids.js'
import { addMembersInTx, asMembershipWrite, isUnified, requireGroup } from './membership.js'

export function listGroups(
  deps: DomainDeps,
  ctx: RequestContext,
  query: ListQuery,
): Promise<Page<Group>> {
  return deps.store.read((tx) => tx.groups.list(ctx.tenantId, query))
}

export function countGroups(
  deps: DomainDeps,
  ctx: RequestContext,
  query: Pick<ListQuery, 'filter' | 'search'>,
): Promise<number> {
  return deps.store.read((tx) => tx.groups.count(ctx.tenantId, query))
}

export function getGroup(deps: DomainDeps, ctx: RequestContext, id: string): Promise<Group> {
  return deps.store.read((tx) => requireGroup(tx, ctx.tenantId, id))
}

export function createGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  body: Record<string, unknown>,
  serviceRoot: string,
): Promise<Group> {
  const members = bindReferences(body, 'members', serviceRoot) ?? []
  // Owners are not modelled: the list is checked like Graph does and otherwise ignored (README).
  bindReferences(body, 'owners', serviceRoot)
  const input = validateBody(groupType, body, 'create') as Partial<Group>
  return asMembershipWrite(
    deps.store.transaction(async (tx) => {
      const tenant = await tx.tenants.get(ctx.tenantId)
      if (tenant === undefined) throw errors.resourceNotFound(ctx.tenantId)
      const now = deps.now().toISOString()
      const groupTypes = input.groupTypes ?? []
      const mail =
        input.mailEnabled === true ? `${input.mailNickname ?? ''}@${tenant.defaultDomain}` : null
      const created: Group = {
        id: newObjectId(),
        deletedDateTime: null,
        displayName: input.displayName ?? null,
        description: input.description ?? null,
        mailNickname: input.mailNickname ?? null,
        mailEnabled: input.mailEnabled ?? null,
        securityEnabled: input.securityEnabled ?? null,
        groupTypes,
        mail,
        membershipRule: input.membershipRule ?? null,
        membershipRuleProcessingState: groupTypes.some(
          (t) => t.toLowerCase() === 'dynamicmembership',
        )
          ? 'On'
          : null,
        isAssignableToRole: input.isAssignableToRole ?? null,
        visibility: input.visibility ?? null,
        createdDateTime: now,
        proxyAddresses: mail === null ? [] : [`SMTP:${mail}`],
        onPremisesSyncEnabled: null,
      }
      if (isUnified(created) && created.visibility === null) created.visibility = 'Public'
      await tx.groups.insert(ctx.tenantId, created)
      if (members.length > 0) await addMembersInTx(tx, ctx.tenantId, created, members, now)
      return created
    }),
  )
}

export function updateGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
  body: Record<string, unknown>,
  serviceRoot: string,
): Promise<Group> {
  const members = bindReferences(body, 'members', serviceRoot)
  bindReferences(body, 'owners', serviceRoot)
  const changes = validateBody(groupType, body, 'update') as Partial<Group>
  return asMembershipWrite(
    deps.store.transaction(async (tx) => {
      const found = await requireGroup(tx, ctx.tenantId, id)
      if (found.onPremisesSyncEnabled === true && Object.keys(changes).length > 0)
        throw errors.syncedObjectReadOnly()
      await tx.groups.update(ctx.tenantId, found.id, changes)
      const updated = { ...found, ...changes }
      if (members !== undefined)
        await addMembersInTx(tx, ctx.tenantId, updated, members, deps.now().toISOString())
      return updated
    }),
  )
}

export async function deleteGroup(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const found = await requireGroup(tx, ctx.tenantId, id)
    const deletedDateTime = deps.now().toISOString()
    await moveToDeletedItems(
      tx,
      ctx.tenantId,
      { type: 'group', entity: { ...found, deletedDateTime } },
      deletedDateTime,
    )
    await tx.groups.delete(ctx.tenantId, found.id)
  })
}
