// Authentication of Graph requests: the bearer token in `Authorization`, verified by the built-in
// issuer's keys and/or the external issuer's (auth/verify-token.ts), becomes the request's
// Principal, or a 401 with Graph's WWW-Authenticate (spec §6.3 E1–E4). request-context.ts calls
// it for every /v1.0 and /beta request, before the RequestContext is built; identity, admin and
// health routes are outside those roots and never see it.
import type { FastifyRequest } from 'fastify'
import type { Principal, TokenVerifier } from '../../auth/verify-token.js'

/** The principal at once for a token seen before; a promise otherwise (TokenVerifier.verify). */
export type Authenticate = (request: FastifyRequest) => Principal | Promise<Principal>

export function bearerAuthentication(verifier: TokenVerifier): Authenticate {
  return (request) => verifier.verify(request.headers.authorization)
}
