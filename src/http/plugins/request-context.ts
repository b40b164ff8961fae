// Per-request Graph state: request ids (spec §6.2), the API version and service root used in
// @odata.context and nextLink, the Prefer header, and the RequestContext the domain receives.
// Order inside the hook matters: ids first, so a 401 from `authenticate` carries them.
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Principal } from '../../auth/verify-token.js'
import type { Authenticate } from './authenticate.js'
import type { ApiVersion } from '../../model/types.js'
import '../graph-request.js'
import { innerRequestOrigin } from '../inner-request.js'

export interface RequestContextOptions {
  /** Overrides the origin seen by clients (behind a proxy); else the request's own. */
  publicUrl?: string
  /** Who asks (plugins/authenticate.ts); its tenant is the one the request acts in (issue #3 §6). */
  authenticate: Authenticate
}

const CLIENT_REQUEST_ID_MAX = 128

const VERSION_ROOT = /^\/(v1\.0|beta)(?=[/?]|$)/i

function versionOf(url: string): ApiVersion | undefined {
  const root = VERSION_ROOT.exec(url)?.[1]
  return root === undefined ? undefined : (root.toLowerCase() as ApiVersion)
}

async function requestContext(app: FastifyInstance, options: RequestContextOptions): Promise<void> {
  app.decorateRequest('graph', null as never)

  const graphState = (
    request: FastifyRequest,
    version: ApiVersion,
    route: FastifyContextConfig,
    principal: Principal | undefined,
  ) => {
    const origin =
      options.publicUrl ?? innerRequestOrigin(request) ?? `${request.protocol}://${request.host}`
    const prefer = request.headers.prefer
    request.graph = {
      version,
      scope: { serviceRoot: `${origin.replace(/\/$/, '')}/${version}` },
      preferRepresentation:
        typeof prefer === 'string' && /(^|[\s,;])return=representation\b/i.test(prefer),
      route,
      ctx: {
        tenantId: principal?.tenantId ?? '',
        requestId: request.id,
        ...(principal === undefined ? {} : { principal }),
      },
    }
  }

  // A callback hook, not an async one: a token seen before is answered without a promise, and
  // this runs on every request (bench/README.md, W1).
  app.addHook('onRequest', (request, reply, done) => {
    const clientRequestId = request.headers['client-request-id']
    reply.header('request-id', request.id)
    reply.header(
      'client-request-id',
      typeof clientRequestId === 'string' && clientRequestId.length <= CLIENT_REQUEST_ID_MAX
        ? clientRequestId
        : request.id,
    )
    const version = versionOf(request.url)
    if (version === undefined) {
      done()
      return
    }
    // Routes Graph serves without a token ($metadata, the service document) have no principal
    // and no tenant; they never reach the domain.
    const route = request.routeOptions.config
    if (route.public === true) {
      graphState(request, version, route, undefined)
      done()
      return
    }
    const principal = options.authenticate(request)
    if (principal instanceof Promise) {
      principal.then((known) => graphState(request, version, route, known)).then(() => done(), done)
      return
    }
    graphState(request, version, route, principal)
    done()
  })
}

export default fp(requestContext, { name: 'request-context' })
