// Where the App Proxy resources live: under the profile (spec §3), and at the root aliases
// `/beta/connectorGroups` and `/beta/connectors` that seed 003 uses (issue #2 §4).
export const PROFILE_PATH = '/beta/onPremisesPublishingProfiles/applicationProxy'
export const APP_PROXY_ROOTS = [PROFILE_PATH, '/beta'] as const
