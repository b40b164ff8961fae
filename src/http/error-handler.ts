// The only place errors become responses (STYLE.md §7): GraphError as Graph renders it, Fastify's
// own errors mapped into the catalogue, anything else a logged 500 with no stack on the wire.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../errors/catalogue.js'
import { GraphError, isGraphError } from '../errors/graph-error.js'
import { StoreConflict } from '../store/store.js'
import type { RouteIndex } from './route-index.js'

/** UTC, second precision, no offset (spec §6.3). */
function innerErrorDate(now: Date): string {
  return now.toISOString().slice(0, 19)
}

function fromFastify(
  error: FastifyError,
  bodyLimit: number,
  request: FastifyRequest,
): GraphError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.emptyBody()
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errors.malformedJson(error.message)
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.payloadTooLarge(bodyLimit)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.unsupportedMediaType(request.headers['content-type'] ?? '')
  }
  if (error instanceof SyntaxError) return errors.malformedJson(error.message)
  // Any other 4xx Fastify raises for a request it could not read (bad URL encoding and such).
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return errors.badRequest(error.message)
  }
  return undefined
}

function toGraphError(
  error: unknown,
  bodyLimit: number,
  request: FastifyRequest,
): GraphError | undefined {
  if (isGraphError(error)) return error
  // A constraint tripped by a write racing another: the other write won, so this one must retry.
  if (error instanceof StoreConflict) return errors.concurrentChange()
  return fromFastify(error as FastifyError, bodyLimit, request)
}

/** Graph's error body (spec §6.3); also used for the inner responses $batch answers itself. */
export function graphErrorBody(
  error: GraphError,
  requestId: string,
  clientRequestId: string,
): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = {
    code: error.code,
    message: error.message,
  }
  if (error.target !== undefined) body.target = error.target
  if (error.details !== undefined) body.details = error.details
  body.innerError = {
    date: innerErrorDate(new Date()),
    'request-id': requestId,
    'client-request-id': clientRequestId,
    ...error.innerError,
  }
  return { error: body }
}

export function sendGraphError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: GraphError,
): void {
  const clientRequestId = reply.getHeader('client-request-id') ?? request.id
  reply
    .code(error.status)
    .headers(error.headers)
    .type('application/json')
    .send(graphErrorBody(error, request.id, String(clientRequestId)))
}

export function registerErrorHandling(
  app: FastifyInstance,
  options: { bodyLimit: number; routes: RouteIndex },
): void {
  app.setErrorHandler((error, request, reply) => {
    const graphError = toGraphError(error, options.bodyLimit, request)
    if (graphError !== undefined) {
      sendGraphError(request, reply, graphError)
      return
    }
    request.log.error({ err: error }, 'unhandled error')
    sendGraphError(request, reply, errors.internalServerError())
  })

  // No route matched: either the path has a segment Graph does not know (E7), or the path is
  // right and the method is not (E18).
  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').replace(/%24/gi, '$')
    const match = options.routes.match(path)
    const error =
      match.kind === 'found' ? errors.methodNotAllowed() : errors.segmentNotFound(match.segment)
    sendGraphError(request, reply, error)
  })
}
