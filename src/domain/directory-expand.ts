// `$expand` of membership navigations on users and groups (spec §7.2): at most 20 related objects
// per entity and no nextLink, as Graph expands directory relationships.
import { errors } from '../errors/catalogue.js'
import { MAX_EXPANDED_DIRECTORY_ITEMS } from '../odata/limits.js'
import type { MemberRelation } from '../store/members.js'
import { firstItems } from '../store/paging.js'
import type { DomainDeps, RequestContext } from './context.js'
import { hydrate, typed } from './directory-objects.js'
import type { DirectoryType } from './directory-objects.js'

const EXPANDABLE: Record<string, readonly MemberRelation[]> = {
  group: ['members', 'transitiveMembers', 'memberOf', 'transitiveMemberOf'],
  user: ['memberOf', 'transitiveMemberOf'],
}

/** The entities with `navigation` filled in; E16 for a navigation that cannot be expanded here. */
export function expandDirectoryObjects<T extends { id: string }>(
  deps: DomainDeps,
  ctx: RequestContext,
  type: DirectoryType,
  entities: readonly T[],
  navigation: string,
): Promise<Array<T & Record<string, unknown>>> {
  const relation = (EXPANDABLE[type] ?? []).find((name) => name === navigation)
  if (relation === undefined) throw errors.expandNotSupported(navigation)
  return deps.store.read(async (tx) => {
    const expanded: Array<T & Record<string, unknown>> = []
    for (const entity of entities) {
      const refs = await tx.members.page(
        ctx.tenantId,
        entity.id,
        relation,
        firstItems(MAX_EXPANDED_DIRECTORY_ITEMS),
      )
      const related = await hydrate(tx, ctx.tenantId, refs.items)
      expanded.push({ ...entity, [navigation]: related.map(typed) })
    }
    return expanded
  })
}
