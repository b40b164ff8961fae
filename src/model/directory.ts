// Directory types beyond users and applications (spec §2.1, §2.7): the directoryObject base that
// membership lists are typed with, and groups.
import { prop } from './properties.js'
import type { EntityTypeDef, NavigationDef, PropertyDef } from './types.js'

const many = (target: string, contained = false): NavigationDef => ({
  target,
  collection: true,
  contained,
})
const FILTER_SORT = { filterable: true, sortable: true } as const

/** Membership navigations every member-capable directory object has (spec §2.7–2.8). */
export const MEMBER_OF_NAVIGATIONS = {
  memberOf: many('directoryObject'),
  transitiveMemberOf: many('directoryObject'),
} as const

// spec §2.1: the base type of members/memberOf collections; its own entity set resolves any id.
export const directoryObject: EntityTypeDef<{
  id: PropertyDef<string>
  deletedDateTime: PropertyDef<string | null>
}> = {
  name: 'directoryObject',
  baseType: 'entity',
  openType: true,
  entitySet: 'directoryObjects',
  versions: ['v1.0', 'beta'],
  properties: {
    id: prop.key(),
    deletedDateTime: prop.dateTime({ nullable: true, access: 'serverSet' }),
  },
  navigations: {},
}

// spec §2.7. Creating one needs displayName, mailEnabled, mailNickname and securityEnabled.
export const group = {
  name: 'group',
  baseType: 'directoryObject',
  openType: true,
  entitySet: 'groups',
  versions: ['v1.0', 'beta'],
  properties: {
    id: prop.key(),
    deletedDateTime: prop.dateTime({ nullable: true, access: 'serverSet' }),
    displayName: prop.string({ nullable: true, requiredOnCreate: true, ...FILTER_SORT }),
    description: prop.string({ nullable: true, filterable: true }),
    mailNickname: prop.string({ nullable: true, requiredOnCreate: true, ...FILTER_SORT }),
    mailEnabled: prop.boolean({ nullable: true, requiredOnCreate: true, filterable: true }),
    securityEnabled: prop.boolean({ nullable: true, requiredOnCreate: true, filterable: true }),
    groupTypes: prop.strings({ filterable: true }),
    mail: prop.string({ nullable: true, access: 'serverSet', ...FILTER_SORT }),
    membershipRule: prop.string({ nullable: true }),
    membershipRuleProcessingState: prop.string({ nullable: true }),
    isAssignableToRole: prop.boolean({ nullable: true, filterable: true }),
    visibility: prop.string({ nullable: true }),
    createdDateTime: prop.dateTime({ nullable: true, access: 'serverSet', ...FILTER_SORT }),
    proxyAddresses: prop.strings({ access: 'serverSet', filterable: true }),
    onPremisesSyncEnabled: prop.boolean({ nullable: true, access: 'serverSet', filterable: true }),
  },
  navigations: {
    members: many('directoryObject'),
    transitiveMembers: many('directoryObject'),
    ...MEMBER_OF_NAVIGATIONS,
  },
} satisfies EntityTypeDef
