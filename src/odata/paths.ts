// Resource paths inside `@odata.id` values (spec §5.2): parsed into an entity set and key, in
// every form Graph clients send. Walking the path is the same for App Proxy and directory sets.
import { errors } from '../errors/catalogue.js'

export type ReferenceSet =
  'connectors' | 'connectorGroups' | 'directoryObjects' | 'users' | 'groups' | 'applications'

export interface ParsedReference {
  readonly set: ReferenceSet
  readonly key: string
  /** A type-cast segment, normalised to the Graph type name (`user`, `group`). */
  readonly cast?: string
}

const GRAPH_HOST = 'graph.microsoft.com'
const VERSIONS = new Set(['v1.0', 'beta'])
const APP_PROXY_SETS: Record<string, ReferenceSet> = {
  connectors: 'connectors',
  connectorgroups: 'connectorGroups',
}
const DIRECTORY_SETS: Record<string, ReferenceSet> = {
  directoryobjects: 'directoryObjects',
  users: 'users',
  groups: 'groups',
  applications: 'applications',
}

/** `name('key')` and `name(key)` → ['name', 'key']. */
function splitKeySegments(segments: string[]): string[] {
  return segments.flatMap((segment) => {
    const match = /^([^(]+)\('?([^')]*)'?\)$/.exec(segment)
    return match ? [match[1] as string, match[2] as string] : [segment]
  })
}

function castName(segment: string): string | undefined {
  const match = /^(?:microsoft\.graph|Microsoft\.DirectoryServices)\.(\w+)$/i.exec(segment)
  return match
    ? (match[1] as string).charAt(0).toLowerCase() + (match[1] as string).slice(1)
    : undefined
}

/**
 * Parses an `@odata.id`. `serviceRoot` is the request's own root (`https://host:port/beta`):
 * relative ids resolve against it, and absolute ids must name this server or Graph itself.
 */
export function parseReference(value: unknown, serviceRoot: string): ParsedReference {
  if (typeof value !== 'string' || value.trim() === '') throw errors.invalidReferenceUrl()
  let url: URL
  try {
    url = new URL(value, serviceRoot.endsWith('/') ? serviceRoot : `${serviceRoot}/`)
  } catch {
    throw errors.invalidReferenceUrl()
  }
  const own = new URL(serviceRoot)
  if (url.host.toLowerCase() !== GRAPH_HOST && url.host.toLowerCase() !== own.host.toLowerCase()) {
    throw errors.invalidReferenceUrl()
  }
  const segments = splitKeySegments(
    url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s)),
  )
  // An optional version, or Graph's own canonical `v2/{tenantId}` prefix (spec §5.2, D10).
  if (segments[0] !== undefined && VERSIONS.has(segments[0].toLowerCase())) segments.shift()
  else if (segments[0]?.toLowerCase() === 'v2') segments.splice(0, 2)

  let first = segments.shift()
  if (first?.toLowerCase() === 'onpremisespublishingprofiles') {
    const profile = segments.shift()
    if (profile?.toLowerCase() !== 'applicationproxy')
      throw errors.segmentNotFound(profile ?? first)
    first = segments.shift()
    const set = first === undefined ? undefined : APP_PROXY_SETS[first.toLowerCase()]
    if (set === undefined) throw errors.segmentNotFound(first ?? profile)
    return finish(set, segments)
  }
  if (first === undefined) throw errors.invalidReferenceUrl()
  const set = APP_PROXY_SETS[first.toLowerCase()] ?? DIRECTORY_SETS[first.toLowerCase()]
  if (set === undefined) throw errors.segmentNotFound(first)
  return finish(set, segments)
}

function finish(set: ReferenceSet, rest: string[]): ParsedReference {
  const [key, castSegment, ...extra] = rest
  if (key === undefined || key === '') throw errors.invalidReferenceUrl()
  if (key.startsWith('$')) throw errors.segmentNotFound(key)
  if (castSegment === undefined) return { set, key }
  const cast = castName(castSegment)
  if (cast === undefined) throw errors.segmentNotFound(castSegment)
  if (extra.length > 0) throw errors.segmentNotFound(extra[0] as string)
  return { set, key, cast }
}
