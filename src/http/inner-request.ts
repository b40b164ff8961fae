// The requests $batch sends back through the pipeline with Fastify's inject (spec §7.3, STYLE.md §3
// step 7). An inject has no socket of its own, so the envelope passes its origin (for Location,
// @odata.context and nextLink) in a header that is believed only on an in-process inject: a client
// cannot make a request over the network look like one.
import type { FastifyRequest } from 'fastify'

export const INNER_REQUEST_ORIGIN_HEADER = 'x-graph-appproxy-batch-origin'

/** The inject a $batch made, not a request from the network (light-my-request marks its own). */
export function isInnerRequest(request: FastifyRequest): boolean {
  return (
    (request.raw as { isLightMyRequest?: boolean }).isLightMyRequest === true &&
    typeof request.headers[INNER_REQUEST_ORIGIN_HEADER] === 'string'
  )
}

/** The origin of the $batch envelope an inner request came from, else undefined. */
export function innerRequestOrigin(request: FastifyRequest): string | undefined {
  if (!isInnerRequest(request)) return undefined
  return String(request.headers[INNER_REQUEST_ORIGIN_HEADER])
}
