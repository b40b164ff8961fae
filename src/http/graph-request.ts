// What the edge attaches to every Graph request before a handler runs.
import type { RequestContext } from '../domain/context.js'
import type { ApiVersion } from '../model/types.js'
import type { ResponseScope } from '../odata/serialize.js'
import type { Operation } from '../auth/permissions.js'
import type { FastifyContextConfig } from 'fastify'

export interface GraphRequestState {
  readonly ctx: RequestContext
  readonly version: ApiVersion
  readonly scope: ResponseScope
  /** `Prefer: return=representation` was asked for. */
  readonly preferRepresentation: boolean
  /**
   * The matched route's config, read once: Fastify's `request.routeOptions` builds a new object
   * of thirteen fields on every access, and the hooks after request-context each need the config.
   */
  readonly route: FastifyContextConfig
}

declare module 'fastify' {
  interface FastifyRequest {
    graph: GraphRequestState
  }
  interface FastifyContextConfig {
    /** The Graph operation a route performs; the authorize hook checks its permissions. */
    operation?: Operation
    /** Only a delegated (signed-in user) token can call it: the `/me` routes. */
    delegatedOnly?: boolean
    /** Served without a token, as Graph serves $metadata and the service document. */
    public?: boolean
    /**
     * Needs a valid token but no permission of its own: the `$batch` envelope, whose inner
     * requests are each authorised on their own (spec §7.3).
     */
    authenticatedOnly?: boolean
  }
}
