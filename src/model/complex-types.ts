// Complex types: stored as JSON text in one column, validated member by member on input.
import { externalAuthenticationType } from './enums.js'
import { prop } from './properties.js'
import type { ComplexType } from './types.js'

// spec §2.6: the members App Proxy uses; CSDL-B has more, which clients rarely send.
export const onPremisesPublishing: ComplexType = {
  name: 'onPremisesPublishing',
  properties: {
    externalUrl: prop.string({ nullable: true }),
    internalUrl: prop.string({ nullable: true }),
    externalAuthenticationType: prop.enumOf(externalAuthenticationType, { nullable: true }),
    isOnPremPublishingEnabled: prop.boolean({ nullable: true }),
    isHttpOnlyCookieEnabled: prop.boolean({ nullable: true }),
    isSecureCookieEnabled: prop.boolean({ nullable: true }),
    isPersistentCookieEnabled: prop.boolean({ nullable: true }),
    isTranslateHostHeaderEnabled: prop.boolean({ nullable: true }),
    isTranslateLinksInBodyEnabled: prop.boolean({ nullable: true }),
    isBackendCertificateValidationEnabled: prop.boolean({ nullable: true }),
    isStateSessionEnabled: prop.boolean({ nullable: true }),
    applicationServerTimeout: prop.string({ nullable: true }),
    applicationType: prop.string({ nullable: true }),
    alternateUrl: prop.string({ nullable: true }),
    useAlternateUrlForTranslationAndRedirect: prop.boolean({ nullable: true }),
  },
}

export const updateWindow: ComplexType = {
  name: 'updateWindow',
  properties: {
    updateWindowStartTime: prop.string({ nullable: true }),
    updateWindowEndTime: prop.string({ nullable: true }),
  },
}

export const hybridAgentUpdaterConfiguration: ComplexType = {
  name: 'hybridAgentUpdaterConfiguration',
  properties: {
    allowUpdateConfigurationOverride: prop.boolean(),
    deferUpdateDateTime: prop.dateTime({ nullable: true }),
    updateWindow: prop.complex(updateWindow, { nullable: true }),
  },
}

export const COMPLEX_TYPES: readonly ComplexType[] = [
  onPremisesPublishing,
  updateWindow,
  hybridAgentUpdaterConfiguration,
]
