// Where the App Proxy resources live: under the profile (spec §3), and at the root aliases
// `/beta/connectorGroups` and `/beta/connectors` that seed 003 uses (issue #2 §4).
import type { CachePolicy } from '../plugins/representation-cache.js'

export const PROFILE_PATH = '/beta/onPremisesPublishingProfiles/applicationProxy'
export const APP_PROXY_ROOTS = [PROFILE_PATH, '/beta'] as const

/**
 * The App Proxy reads whose answers may be reused until the data changes
 * (plugins/representation-cache.ts); with the clock, because connectors, and groups expanded with
 * their members, carry the status computed from the time of the request.
 */
export const APP_PROXY_READS: CachePolicy = 'data-and-clock'
