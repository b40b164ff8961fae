// Users and app registrations as the identity platform needs them, written by fixtures and the
// development tenant (Graph's own user routes come with the directory issue). Secrets arrive in
// clear and are stored only as scrypt hashes.
import { hashSecret } from '../auth/passwords.js'
import type { StoreTx } from '../store/store.js'
import type { User } from '../store/users.js'
import { newObjectId, objectId } from './ids.js'

export interface UserInput {
  id: string
  userPrincipalName: string
  displayName: string
  password?: string
  givenName?: string
  surname?: string
  mail?: string
  jobTitle?: string
  accountEnabled?: boolean
}

export interface AppRegistrationInput {
  appId: string
  displayName: string
  clientSecret?: string
  applicationRoles?: string[]
  delegatedScopes?: string[]
  redirectUris?: string[]
  isPublicClient?: boolean
  servicePrincipalId?: string
}

export async function upsertUser(
  tx: StoreTx,
  tenantId: string,
  input: UserInput,
  now: Date,
): Promise<void> {
  const upn = input.userPrincipalName.toLowerCase()
  const user: User = {
    id: objectId(input.id),
    deletedDateTime: null,
    displayName: input.displayName,
    givenName: input.givenName ?? null,
    surname: input.surname ?? null,
    mail: input.mail ?? null,
    mailNickname: upn.slice(0, upn.indexOf('@')),
    userPrincipalName: upn,
    userType: 'Member',
    jobTitle: input.jobTitle ?? null,
    accountEnabled: input.accountEnabled ?? true,
    createdDateTime: now.toISOString(),
    businessPhones: [],
    otherMails: [],
    proxyAddresses: [],
  }
  const hash = input.password === undefined ? null : await hashSecret(input.password)
  await tx.users.upsert(tenantId, user, hash)
}

export async function upsertAppRegistration(
  tx: StoreTx,
  tenantId: string,
  input: AppRegistrationInput,
): Promise<void> {
  const appId = objectId(input.appId)
  const existing = await tx.appRegistrations.get(tenantId, appId)
  await tx.appRegistrations.upsert({
    tenantId,
    appId,
    displayName: input.displayName,
    secretHash: input.clientSecret === undefined ? null : await hashSecret(input.clientSecret),
    applicationRoles: input.applicationRoles ?? [],
    delegatedScopes: input.delegatedScopes ?? [],
    redirectUris: input.redirectUris ?? [],
    isPublicClient: input.isPublicClient ?? false,
    servicePrincipalId:
      input.servicePrincipalId === undefined
        ? (existing?.servicePrincipalId ?? newObjectId())
        : objectId(input.servicePrincipalId),
  })
}
