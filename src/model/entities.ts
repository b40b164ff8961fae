// The Graph entity types graph-appproxy serves, each property and navigation written once
// (STYLE.md §1). Sources: spec §2 (CSDL-B for beta, CSDL-V1 for v1.0).
import { connectorGroupRegion, connectorGroupType, connectorStatus } from './enums.js'
import { hybridAgentUpdaterConfiguration, onPremisesPublishing } from './complex-types.js'
import { directoryObject, group, MEMBER_OF_NAVIGATIONS } from './directory.js'
import { prop } from './properties.js'
import type { EntityTypeDef, NavigationDef, PropertyDef } from './types.js'

function entity<P extends Record<string, PropertyDef>>(
  def: Omit<EntityTypeDef<P>, 'openType' | 'baseType'> &
    Partial<Pick<EntityTypeDef<P>, 'openType' | 'baseType'>>,
): EntityTypeDef<P> {
  return { openType: false, baseType: 'entity', ...def }
}

const many = (target: string, contained = false): NavigationDef => ({
  target,
  collection: true,
  contained,
})
const one = (target: string): NavigationDef => ({ target, collection: false, contained: false })

const FILTER_SORT = { filterable: true, sortable: true } as const

// spec §2.2. Only the applicationProxy profile exists here.
export const onPremisesPublishingProfile = entity({
  name: 'onPremisesPublishingProfile',
  entitySet: 'onPremisesPublishingProfiles',
  versions: ['beta'],
  properties: {
    id: prop.key(),
    isEnabled: prop.boolean({ nullable: true }),
    isDefaultAccessEnabled: prop.boolean({ nullable: true }),
    hybridAgentUpdaterConfiguration: prop.complex(hybridAgentUpdaterConfiguration, {
      nullable: true,
    }),
  },
  navigations: {
    connectors: many('connector', true),
    connectorGroups: many('connectorGroup', true),
  },
})

// spec §2.3: connectors register themselves; nothing but their group is written through Graph.
export const connector = entity({
  name: 'connector',
  entitySet: 'connectors',
  versions: ['beta'],
  properties: {
    id: prop.key(),
    machineName: prop.string({ access: 'serverSet', ...FILTER_SORT }),
    externalIp: prop.string({ access: 'serverSet', ...FILTER_SORT }),
    // Derived from the last heartbeat (issue #2 §5), so a computed column.
    status: prop.enumOf(connectorStatus, { access: 'computed', ...FILTER_SORT }),
    version: prop.string({ access: 'serverSet', ...FILTER_SORT }),
  },
  navigations: { memberOf: many('connectorGroup') },
})

// spec §2.4
export const connectorGroup = entity({
  name: 'connectorGroup',
  entitySet: 'connectorGroups',
  versions: ['beta'],
  properties: {
    id: prop.key(),
    name: prop.string({ requiredOnCreate: true, ...FILTER_SORT }),
    connectorGroupType: prop.enumOf(connectorGroupType, { access: 'serverSet', ...FILTER_SORT }),
    isDefault: prop.boolean({ access: 'serverSet', ...FILTER_SORT }),
    region: prop.enumOf(connectorGroupRegion, { nullable: true, ...FILTER_SORT }),
  },
  navigations: { members: many('connector'), applications: many('application') },
})

// spec §2.6: the subset this slice needs; onPremisesPublishing and connectorGroup are beta only.
export const application = entity({
  name: 'application',
  entitySet: 'applications',
  baseType: 'directoryObject',
  openType: true,
  versions: ['v1.0', 'beta'],
  properties: {
    id: prop.key(),
    deletedDateTime: prop.dateTime({ nullable: true, access: 'serverSet' }),
    appId: prop.string({ access: 'serverSet', ...FILTER_SORT }),
    displayName: prop.string({ nullable: true, requiredOnCreate: true, ...FILTER_SORT }),
    description: prop.string({ nullable: true, filterable: true }),
    signInAudience: prop.string({ nullable: true, filterable: true }),
    createdDateTime: prop.dateTime({ nullable: true, access: 'serverSet', ...FILTER_SORT }),
    onPremisesPublishing: prop.complex(onPremisesPublishing, { nullable: true }),
  },
  navigations: { connectorGroup: one('connectorGroup') },
})

// spec §2.8: the users sign-in needs (issue #3); Graph's user routes come with the directory issue.
// Not in Graph's v1.0 default $select: deletedDateTime, mailNickname, userType, accountEnabled,
// createdDateTime, otherMails, proxyAddresses (learn.microsoft.com/graph/api/user-get).
const HIDDEN = { inDefaultSelect: false } as const
export const user = entity({
  name: 'user',
  entitySet: 'users',
  baseType: 'directoryObject',
  openType: true,
  versions: ['v1.0', 'beta'],
  properties: {
    id: prop.key(),
    deletedDateTime: prop.dateTime({ nullable: true, access: 'serverSet', ...HIDDEN }),
    displayName: prop.string({ nullable: true, requiredOnCreate: true, ...FILTER_SORT }),
    givenName: prop.string({ nullable: true, ...FILTER_SORT }),
    surname: prop.string({ nullable: true, ...FILTER_SORT }),
    mail: prop.string({ nullable: true, ...FILTER_SORT }),
    mailNickname: prop.string({
      nullable: true,
      requiredOnCreate: true,
      ...FILTER_SORT,
      ...HIDDEN,
    }),
    userPrincipalName: prop.string({ nullable: true, requiredOnCreate: true, ...FILTER_SORT }),
    userType: prop.string({ nullable: true, filterable: true, ...HIDDEN }),
    jobTitle: prop.string({ nullable: true, ...FILTER_SORT }),
    accountEnabled: prop.boolean({
      nullable: true,
      requiredOnCreate: true,
      filterable: true,
      ...HIDDEN,
    }),
    createdDateTime: prop.dateTime({
      nullable: true,
      access: 'serverSet',
      ...FILTER_SORT,
      ...HIDDEN,
    }),
    businessPhones: prop.strings(),
    otherMails: prop.strings({ filterable: true, ...HIDDEN }),
    proxyAddresses: prop.strings({ access: 'serverSet', filterable: true, ...HIDDEN }),
  },
  navigations: { ...MEMBER_OF_NAVIGATIONS, joinedGroups: many('group', true) },
})

export const ENTITY_TYPES = {
  onPremisesPublishingProfile,
  connector,
  connectorGroup,
  application,
  user,
  directoryObject,
  group,
} as const

export type EntityName = keyof typeof ENTITY_TYPES

export function entityType(name: string): EntityTypeDef {
  const type = (ENTITY_TYPES as Record<string, EntityTypeDef>)[name]
  if (type === undefined) throw new Error(`No entity type '${name}' in the model`)
  return type
}

/** Beta-only members of types that exist in both versions (spec §1). */
export const BETA_ONLY_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  application: ['onPremisesPublishing', 'connectorGroup'],
}
