// Per-request Graph state: request ids (spec §6.2), the API version and service root used in
// @odata.context and nextLink, the Prefer header, and the RequestContext the domain receives.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ApiVersion } from '../../model/types.js'
import '../graph-request.js'

export interface RequestContextOptions {
  /** Overrides the origin seen by clients (behind a proxy); else the request's own. */
  publicUrl?: string
  /** The tenant a request acts in (issue #3 takes it from the token). */
  resolveTenant: (request: FastifyRequest) => Promise<string>
}

const CLIENT_REQUEST_ID_MAX = 128

function versionOf(url: string): ApiVersion | undefined {
  const first = url.split('/')[1]?.toLowerCase()
  return first === 'v1.0' || first === 'beta' ? first : undefined
}

async function requestContext(app: FastifyInstance, options: RequestContextOptions): Promise<void> {
  app.decorateRequest('graph', null as never)

  app.addHook('onRequest', async (request, reply) => {
    const clientRequestId = request.headers['client-request-id']
    reply.header('request-id', request.id)
    reply.header(
      'client-request-id',
      typeof clientRequestId === 'string' && clientRequestId.length <= CLIENT_REQUEST_ID_MAX
        ? clientRequestId
        : request.id,
    )
    const version = versionOf(request.url)
    if (version === undefined) return
    const origin = options.publicUrl ?? `${request.protocol}://${request.host}`
    const prefer = request.headers.prefer
    request.graph = {
      version,
      scope: { serviceRoot: `${origin.replace(/\/$/, '')}/${version}` },
      preferRepresentation:
        typeof prefer === 'string' && /(^|[\s,;])return=representation\b/i.test(prefer),
      ctx: { tenantId: await options.resolveTenant(request), requestId: request.id },
    }
  })
}

export default fp(requestContext, { name: 'request-context' })

export const newRequestId = (): string => randomUUID()
