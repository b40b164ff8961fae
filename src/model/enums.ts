// Enumerations, members in CSDL value order (spec §2.5). Input is validated against these; stored
// values outside them (fixtures mirroring real tenants: `japan`, `syncFabric`) are returned verbatim (D7).
import type { EnumType } from './types.js'

export const connectorStatus: EnumType = {
  name: 'connectorStatus',
  members: ['active', 'inactive'],
}

export const connectorGroupType: EnumType = {
  name: 'connectorGroupType',
  members: ['applicationProxy'],
}

export const connectorGroupRegion: EnumType = {
  name: 'connectorGroupRegion',
  members: ['nam', 'eur', 'aus', 'asia', 'ind', 'unknownFutureValue'],
}

export const externalAuthenticationType: EnumType = {
  name: 'externalAuthenticationType',
  members: ['passthru', 'aadPreAuthentication'],
}

export const onPremisesPublishingType: EnumType = {
  name: 'onPremisesPublishingType',
  members: [
    'applicationProxy',
    'exchangeOnline',
    'authentication',
    'provisioning',
    'intunePfx',
    'oflineDomainJoin',
    'unknownFutureValue',
    'privateAccess',
  ],
}

export const ENUM_TYPES: readonly EnumType[] = [
  connectorStatus,
  connectorGroupType,
  connectorGroupRegion,
  externalAuthenticationType,
  onPremisesPublishingType,
]
