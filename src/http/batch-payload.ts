// Reading a JSON batch (spec §7.3): the envelope checked as a whole (a malformed one, more than 20
// requests, a duplicate id or an unknown dependency fail the whole batch with 400), and each inner
// request's URL and body turned into what Fastify's inject takes. Pure: no Fastify, no I/O.
import { errors } from '../errors/catalogue.js'

export const BATCH_LIMIT = 20

const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE'])

export interface BatchItem {
  id: string
  method: string
  url: string
  /** Header names in lower case. */
  headers: Record<string, string>
  body?: unknown
  dependsOn: string[]
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function readHeaders(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {}
  if (!isObject(value)) throw errors.batchPayloadInvalid()
  const headers: Record<string, string> = {}
  for (const [name, given] of Object.entries(value)) {
    if (!['string', 'number', 'boolean'].includes(typeof given)) throw errors.batchPayloadInvalid()
    headers[name.toLowerCase()] = String(given)
  }
  return headers
}

function readItem(entry: unknown): BatchItem {
  if (!isObject(entry)) throw errors.batchPayloadInvalid()
  const { id, method, url, dependsOn = [] } = entry
  if (typeof id !== 'string' || id === '' || typeof url !== 'string' || url === '') {
    throw errors.batchPayloadInvalid()
  }
  if (typeof method !== 'string' || !METHODS.has(method.toUpperCase()))
    throw errors.batchPayloadInvalid()
  if (!Array.isArray(dependsOn) || !dependsOn.every((d): d is string => typeof d === 'string')) {
    throw errors.batchPayloadInvalid()
  }
  const item: BatchItem = {
    id,
    method: method.toUpperCase(),
    url,
    headers: readHeaders(entry.headers),
    dependsOn,
  }
  if (entry.body !== undefined && entry.body !== null) item.body = entry.body
  return item
}

/**
 * The requests of a batch body, in order. A dependency must name an earlier request: requests run
 * in the order given, so that is all dependsOn needs to mean, and a cycle cannot be written.
 */
export function parseBatchPayload(body: unknown): BatchItem[] {
  if (!isObject(body) || !Array.isArray(body.requests)) throw errors.batchPayloadInvalid()
  if (body.requests.length > BATCH_LIMIT) throw errors.batchTooManyRequests(BATCH_LIMIT)
  const items = body.requests.map(readItem)
  const seen = new Set<string>()
  for (const item of items) {
    if (seen.has(item.id)) throw errors.batchRequestIdNotUnique(item.id)
    for (const dependency of item.dependsOn) {
      if (!seen.has(dependency)) throw errors.batchDependencyUnknown(item.id, dependency)
    }
    seen.add(item.id)
  }
  return items
}

/**
 * The path an inner request is sent to, under `/{version}`: `url` relative to the version root
 * (`/users`, `users/{id}`) or an absolute URL whose path starts with it (its origin is not looked
 * at). Dot segments are resolved first, so the result cannot leave the version root; undefined
 * when it would.
 */
export function innerRequestPath(url: string, version: string): string | undefined {
  const root = `/${version}`
  let relative = url
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    let absolute: URL
    try {
      absolute = new URL(url)
    } catch {
      return undefined
    }
    const path = absolute.pathname
    if (
      path.toLowerCase() !== root.toLowerCase() &&
      !path.toLowerCase().startsWith(`${root.toLowerCase()}/`)
    )
      return undefined
    relative = path.slice(root.length) + absolute.search
  }
  let resolved: URL
  try {
    resolved = new URL(`${root}/${relative.replace(/^\/+/, '')}`, 'http://inner.invalid')
  } catch {
    return undefined
  }
  const path = resolved.pathname
  if (path !== root && !path.startsWith(`${root}/`)) return undefined
  return path + resolved.search
}

/** The bytes to send: JSON as JSON; a string is base64 (spec §7.3, for non-JSON or pre-encoded bodies). */
export function innerRequestPayload(body: unknown): string | Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'base64') : JSON.stringify(body)
}
