// checkMemberGroups, checkMemberObjects, getMemberGroups, getMemberObjects (spec §4.6): all
// transitive, answered from one recursive query over the caller's groups.
import { errors } from '../errors/catalogue.js'
import type { DomainDeps, RequestContext } from './context.js'
import type { DirectoryType } from './directory-objects.js'
import { objectId } from './ids.js'
import { requireSource } from './membership.js'

export type MembershipAction =
  'checkMemberGroups' | 'checkMemberObjects' | 'getMemberGroups' | 'getMemberObjects'

export const MEMBERSHIP_ACTIONS: readonly MembershipAction[] = [
  'checkMemberGroups',
  'checkMemberObjects',
  'getMemberGroups',
  'getMemberObjects',
]

/** getMemberGroups answers Directory_ResultSizeLimitExceeded above this (spec §4.6, E20). */
export const MAX_MEMBER_GROUPS = 11_000
/** checkMemberGroups takes at most this many group ids (spec §4.6). */
export const MAX_CHECK_IDS = 20

function idList(body: Record<string, unknown>, name: string, limit: number | undefined): string[] {
  const value = body[name]
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw errors.badRequest(`The '${name}' parameter must be an array of ids.`)
  }
  if (limit !== undefined && value.length > limit) throw errors.tooManyIds(name, limit)
  return (value as string[]).map(objectId)
}

function securityEnabledOnly(body: Record<string, unknown>): boolean {
  const value = body.securityEnabledOnly
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean')
    throw errors.badRequest("The 'securityEnabledOnly' parameter must be a boolean.")
  return value
}

/** Runs an action for the user or group `key`; the result is the `value` array of ids. */
export function runMembershipAction(
  deps: DomainDeps,
  ctx: RequestContext,
  source: { key: string; types: readonly DirectoryType[] },
  action: MembershipAction,
  body: Record<string, unknown>,
): Promise<string[]> {
  const asked =
    action === 'checkMemberGroups'
      ? idList(body, 'groupIds', MAX_CHECK_IDS)
      : action === 'checkMemberObjects'
        ? idList(body, 'ids', undefined)
        : undefined
  const onlySecurity = asked === undefined ? securityEnabledOnly(body) : false
  return deps.store.read(async (tx) => {
    const found = await requireSource(tx, ctx.tenantId, source.key, source.types)
    const refs = await tx.members.ids(
      ctx.tenantId,
      found.entity.id,
      'transitiveMemberOf',
      MAX_MEMBER_GROUPS,
    )
    if (asked !== undefined) {
      const mine = new Set(refs.map((r) => r.id))
      return [...new Set(asked)].filter((id) => mine.has(id))
    }
    if (refs.length > MAX_MEMBER_GROUPS) throw errors.resultSizeLimitExceeded()
    const ids = refs.map((r) => r.id)
    if (!onlySecurity) return ids
    const groups = await tx.groups.getMany(ctx.tenantId, ids)
    const security = new Set(groups.filter((g) => g.securityEnabled === true).map((g) => g.id))
    return ids.filter((id) => security.has(id))
  })
}
