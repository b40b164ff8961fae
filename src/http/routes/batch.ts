// JSON batching, POST /{ver}/$batch (spec §7.3). Each inner request is sent back through the whole
// pipeline with Fastify's inject (STYLE.md §3 step 7) carrying the envelope's token and
// client-request-id, so it is authenticated, authorised, throttled and faulted exactly as a direct
// request; only the answers the batch itself decides (424, a missing Content-Type, a URL outside
// the version root) are made here, with the same renderer.
import type { FastifyInstance, FastifyReply, FastifyRequest, LightMyRequestResponse } from 'fastify'
import { errors } from '../../errors/catalogue.js'
import type { GraphError } from '../../errors/graph-error.js'
import { API_VERSIONS } from '../../model/types.js'
import { innerRequestPath, innerRequestPayload, parseBatchPayload } from '../batch-payload.js'
import type { BatchItem } from '../batch-payload.js'
import { graphErrorBody } from '../error-handler.js'
import { INNER_REQUEST_ORIGIN_HEADER, isInnerRequest } from '../inner-request.js'
import '../graph-request.js'

export interface BatchResponse {
  id: string
  status: number
  headers: Record<string, string>
  body?: unknown
}

// Headers of an inner response worth passing on, in Graph's spelling (spec §6.2, §7.3).
const RESPONSE_HEADERS: Record<string, string> = {
  location: 'Location',
  'content-type': 'Content-Type',
  'odata-version': 'OData-Version',
  'cache-control': 'Cache-Control',
  'retry-after': 'Retry-After',
  'www-authenticate': 'WWW-Authenticate',
}
// Never taken from an inner request's own headers: the envelope decides who asks and where.
const REQUEST_HEADERS_IGNORED = new Set([
  'authorization',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  INNER_REQUEST_ORIGIN_HEADER,
])

function decided(
  id: string,
  error: GraphError,
  request: FastifyRequest,
  reply: FastifyReply,
): BatchResponse {
  const clientRequestId = String(reply.getHeader('client-request-id') ?? request.id)
  return {
    id,
    status: error.status,
    // What the renderer and odata-headers give the same error sent directly.
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'OData-Version': '4.0',
      ...error.headers,
    },
    body: graphErrorBody(error, request.id, clientRequestId),
  }
}

function responseBody(response: LightMyRequestResponse): unknown {
  if (response.rawPayload.length === 0) return undefined
  const type = String(response.headers['content-type'] ?? '')
  if (/^application\/json/i.test(type)) return response.json()
  // Graph returns other bodies base64-encoded; text ($count) is readable as it is.
  return /^text\//i.test(type) ? response.body : response.rawPayload.toString('base64')
}

function fromInject(id: string, response: LightMyRequestResponse): BatchResponse {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    const spelled = RESPONSE_HEADERS[name] ?? (name.startsWith('x-ms-') ? name : undefined)
    if (spelled !== undefined && value !== undefined) headers[spelled] = String(value)
  }
  const body = responseBody(response)
  return { id, status: response.statusCode, headers, ...(body === undefined ? {} : { body }) }
}

async function run(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  item: BatchItem,
  statuses: ReadonlyMap<string, number>,
): Promise<BatchResponse> {
  // A failed dependency fails its dependents, and theirs (424 is a failure too).
  const failed = item.dependsOn.find((id) => (statuses.get(id) ?? 0) >= 400)
  if (failed !== undefined) return decided(item.id, errors.failedDependency(failed), request, reply)
  if (item.body !== undefined && item.headers['content-type'] === undefined) {
    return decided(item.id, errors.batchContentTypeRequired(item.id), request, reply)
  }
  const { version, scope } = request.graph
  const path = innerRequestPath(item.url, version)
  if (path === undefined)
    return decided(item.id, errors.batchRequestUrlInvalid(item.url), request, reply)

  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(item.headers)) {
    if (!REQUEST_HEADERS_IGNORED.has(name)) headers[name] = value
  }
  const authorization = request.headers.authorization
  if (authorization !== undefined) headers.authorization = authorization
  headers['client-request-id'] = String(reply.getHeader('client-request-id') ?? request.id)
  headers.host = request.host
  headers[INNER_REQUEST_ORIGIN_HEADER] = scope.serviceRoot.slice(0, -(version.length + 1))
  const response = await app.inject({
    method: item.method as 'GET',
    url: path,
    headers,
    ...(item.body === undefined ? {} : { payload: innerRequestPayload(item.body) }),
  })
  return fromInject(item.id, response)
}

export function batchRoutes(app: FastifyInstance): void {
  for (const version of API_VERSIONS) {
    // Authenticated by request-context; each inner request is authorised on its own.
    app.post(
      `/${version}/$batch`,
      { config: { authenticatedOnly: true } },
      async (request, reply) => {
        if (isInnerRequest(request)) throw errors.batchNested()
        const items = parseBatchPayload(request.body)
        // In the order given, one at a time: Graph may run independent requests in any order, and
        // one order makes the outcome reproducible (dependsOn needs no more than that).
        const statuses = new Map<string, number>()
        const responses: BatchResponse[] = []
        for (const item of items) {
          const response = await run(app, request, reply, item, statuses)
          statuses.set(item.id, response.status)
          responses.push(response)
        }
        return { responses }
      },
    )
  }
}
