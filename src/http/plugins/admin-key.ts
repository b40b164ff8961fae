// The admin API's one check (issue #2 §5): the admin key in `x-admin-key`, or as a bearer token.
// Every /_admin route file installs it in its own encapsulated plugin.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import { errors } from '../../errors/catalogue.js'

function presentedKey(request: FastifyRequest): string {
  const header = request.headers['x-admin-key']
  if (typeof header === 'string') return header
  const authorization = request.headers.authorization ?? ''
  return authorization.toLowerCase().startsWith('bearer ') ? authorization.slice(7).trim() : ''
}

/** An onRequest hook refusing (401 AdminKeyInvalid) any request without the admin key. */
export function adminKeyCheck(adminKey: string): onRequestAsyncHookHandler {
  const expected = Buffer.from(adminKey)
  return async (request) => {
    const given = Buffer.from(presentedKey(request))
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw errors.adminKeyInvalid()
    }
  }
}
