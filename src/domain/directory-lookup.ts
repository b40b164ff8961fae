// directoryObjects/{id} and directoryObjects/getByIds (spec §2.1): any object by id, whatever its type.
import { errors } from '../errors/catalogue.js'
import type { DomainDeps, RequestContext } from './context.js'
import { findDirectoryObject } from './directory-objects.js'
import type { DirectoryEntity, DirectoryType } from './directory-objects.js'
import { objectId } from './ids.js'

/** getByIds takes at most this many ids (learn directoryobject-getbyids). */
export const MAX_GET_BY_IDS = 1000
const TYPES: readonly DirectoryType[] = ['user', 'group', 'application']

export function getDirectoryObject(
  deps: DomainDeps,
  ctx: RequestContext,
  id: string,
): Promise<DirectoryEntity> {
  const key = objectId(id)
  return deps.store.read(async (tx) => {
    const found = await findDirectoryObject(tx, ctx.tenantId, key)
    if (found === undefined) throw errors.resourceNotFound(key)
    return found
  })
}

function typesOf(value: unknown): DirectoryType[] {
  if (value === undefined || value === null) return [...TYPES]
  if (!Array.isArray(value))
    throw errors.badRequest("The 'types' parameter must be an array of type names.")
  return value.map((name) => {
    const type = String(name)
      .replace(/^microsoft\.graph\./i, '')
      .toLowerCase() as DirectoryType
    if (!TYPES.includes(type))
      throw errors.badRequest(`The type '${String(name)}' is not supported by getByIds.`)
    return type
  })
}

/** The objects among `ids` of the asked types, in the order asked; unknown ids are left out. */
export function getByIds(
  deps: DomainDeps,
  ctx: RequestContext,
  body: Record<string, unknown>,
): Promise<DirectoryEntity[]> {
  const { ids } = body
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw errors.badRequest("The 'ids' parameter must be an array of ids.")
  }
  if (ids.length > MAX_GET_BY_IDS) throw errors.tooManyIds('ids', MAX_GET_BY_IDS)
  const keys = (ids as string[]).map(objectId)
  const types = typesOf(body.types)
  return deps.store.read(async (tx) => {
    const found: DirectoryEntity[] = []
    for (const key of new Set(keys)) {
      const entity = await findDirectoryObject(tx, ctx.tenantId, key, types)
      if (entity !== undefined) found.push(entity)
    }
    return found
  })
}
