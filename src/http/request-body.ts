// Reading request bodies: a JSON object where one is required (E8), and `@odata.id` references.
import type { FastifyRequest } from 'fastify'
import { errors } from '../errors/catalogue.js'
import { parseReference } from '../odata/paths.js'
import type { ParsedReference, ReferenceSet } from '../odata/paths.js'

export function jsonObjectBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body
  if (body === undefined || body === null || body === '') throw errors.emptyBody()
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw errors.malformedJson('A JSON object was expected.')
  }
  return body as Record<string, unknown>
}

/** The `@odata.id` of a `$ref` body, resolved and checked against the sets the navigation takes. */
export function referenceBody(
  request: FastifyRequest,
  accepted: readonly ReferenceSet[],
  expectedType: string,
): ParsedReference {
  const body = jsonObjectBody(request)
  // Extra members besides @odata.id (the generated stubs send whole objects) are ignored (spec §5.1).
  const value = body['@odata.id']
  if (value === undefined) throw errors.missingReference()
  const reference = parseReference(value, request.graph.scope.serviceRoot)
  if (!accepted.includes(reference.set)) throw errors.referenceWrongType(expectedType)
  return reference
}
