// Users (spec §2.8): create with Graph's required fields and a passwordProfile, read by id or
// userPrincipalName, update, delete into the deleted-items bin (keeping the password for restore).
import { hashSecret } from '../auth/passwords.js'
import { errors } from '../errors/catalogue.js'
import { user as userType } from '../model/entities.js'
import { validateBody } from '../model/validate-body.js'
import type { ListQuery, Page } from '../store/paging.js'
import { StoreConflict } from '../store/store.js'
import type { StoreTx } from '../store/store.js'
import type { User } from '../store/users.js'
import type { DomainDeps, RequestContext } from './context.js'
import { moveToDeletedItems } from './directory-objects.js'
import { newObjectId, objectId } from './ids.js'

export async function requireUser(tx: StoreTx, tenantId: string, idOrUpn: string): Promise<User> {
  if (!idOrUpn.includes('@')) objectId(idOrUpn)
  const found = await tx.users.find(tenantId, idOrUpn)
  if (found === undefined) throw errors.resourceNotFound(idOrUpn)
  return found
}

/** `passwordProfile` is write-only: checked here, stored as a hash, never returned. */
function passwordOf(body: Record<string, unknown>, required: boolean): string | undefined {
  const profile = body.passwordProfile
  if (profile === undefined || profile === null) {
    if (required) throw errors.propertyRequired('passwordProfile', 'microsoft.graph.user')
    return undefined
  }
  const password = (profile as { password?: unknown }).password
  if (
    typeof profile !== 'object' ||
    Array.isArray(profile) ||
    typeof password !== 'string' ||
    password === ''
  ) {
    throw errors.invalidPropertyValue('passwordProfile', 'microsoft.graph.passwordProfile')
  }
  return password
}

function withoutPasswordProfile(body: Record<string, unknown>): Record<string, unknown> {
  const { passwordProfile: _profile, ...rest } = body
  return rest
}

async function checkUpn(
  tx: StoreTx,
  tenantId: string,
  upn: string,
  exceptId?: string,
): Promise<void> {
  const tenant = await tx.tenants.get(tenantId)
  const domain = upn.split('@')[1]?.toLowerCase()
  if (tenant === undefined || domain !== tenant.defaultDomain) throw errors.invalidUpnDomain()
  const existing = await tx.users.find(tenantId, upn)
  if (existing !== undefined && existing.id !== exceptId)
    throw errors.propertyValueExists('userPrincipalName')
}

/** A racing write that took the same userPrincipalName first is the same 400 (unique constraint). */
async function uniqueUpn<T>(write: Promise<T>): Promise<T> {
  try {
    return await write
  } catch (error) {
    if (error instanceof StoreConflict && error.kind === 'duplicate')
      throw errors.propertyValueExists('userPrincipalName')
    throw error
  }
}

export function listUsers(
  deps: DomainDeps,
  ctx: RequestContext,
  query: ListQuery,
): Promise<Page<User>> {
  return deps.store.read((tx) => tx.users.list(ctx.tenantId, query))
}

export function countUsers(
  deps: DomainDeps,
  ctx: RequestContext,
  query: Pick<ListQuery, 'filter' | 'search'>,
): Promise<number> {
  return deps.store.read((tx) => tx.users.count(ctx.tenantId, query))
}

export function getUser(deps: DomainDeps, ctx: RequestContext, idOrUpn: string): Promise<User> {
  return deps.store.read((tx) => requireUser(tx, ctx.tenantId, idOrUpn))
}

export async function createUser(
  deps: DomainDeps,
  ctx: RequestContext,
  body: Record<string, unknown>,
): Promise<User> {
  const password = passwordOf(body, true) as string
  const input = validateBody(userType, withoutPasswordProfile(body), 'create') as Partial<User>
  const passwordHash = await hashSecret(password)
  return uniqueUpn(
    deps.store.transaction(async (tx) => {
      const upn = input.userPrincipalName as string
      await checkUpn(tx, ctx.tenantId, upn)
      const created: User = {
        id: newObjectId(),
        deletedDateTime: null,
        displayName: input.displayName ?? null,
        givenName: input.givenName ?? null,
        surname: input.surname ?? null,
        mail: input.mail ?? null,
        mailNickname: input.mailNickname ?? null,
        userPrincipalName: upn,
        userType: input.userType ?? 'Member',
        jobTitle: input.jobTitle ?? null,
        accountEnabled: input.accountEnabled ?? null,
        createdDateTime: deps.now().toISOString(),
        businessPhones: input.businessPhones ?? [],
        otherMails: input.otherMails ?? [],
        proxyAddresses: [],
      }
      await tx.users.upsert(ctx.tenantId, created, passwordHash)
      return (await tx.users.get(ctx.tenantId, created.id)) as User
    }),
  )
}

export async function updateUser(
  deps: DomainDeps,
  ctx: RequestContext,
  idOrUpn: string,
  body: Record<string, unknown>,
): Promise<User> {
  const password = passwordOf(body, false)
  const changes = validateBody(userType, withoutPasswordProfile(body), 'update') as Partial<User>
  const passwordHash = password === undefined ? undefined : await hashSecret(password)
  return uniqueUpn(
    deps.store.transaction(async (tx) => {
      const found = await requireUser(tx, ctx.tenantId, idOrUpn)
      if (changes.userPrincipalName === null) throw errors.nullNotAllowed('userPrincipalName')
      if (changes.userPrincipalName !== undefined)
        await checkUpn(tx, ctx.tenantId, changes.userPrincipalName, found.id)
      await tx.users.update(ctx.tenantId, found.id, changes)
      if (passwordHash !== undefined)
        await tx.users.setPasswordHash(ctx.tenantId, found.id, passwordHash)
      return (await tx.users.get(ctx.tenantId, found.id)) as User
    }),
  )
}

export async function deleteUser(
  deps: DomainDeps,
  ctx: RequestContext,
  idOrUpn: string,
): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const found = await requireUser(tx, ctx.tenantId, idOrUpn)
    const deletedDateTime = deps.now().toISOString()
    const passwordHash = await tx.users.delete(ctx.tenantId, found.id)
    await moveToDeletedItems(
      tx,
      ctx.tenantId,
      { type: 'user', entity: { ...found, deletedDateTime } },
      deletedDateTime,
      {
        // Kept with the deleted object so that a restored user can sign in again; never returned.
        '#passwordHash': passwordHash ?? null,
      },
    )
  })
}
