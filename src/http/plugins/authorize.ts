// Authorization of Graph requests: each route declares its operation in `config.operation`, and
// this one hook checks the principal's scopes or roles against the permission table (403, spec
// §3.0, E5) and counts the call for the least-privilege report. It runs in onRequest, right after
// request-context, so a refused request never has its body read and never changes state.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { authorize } from '../../auth/permissions.js'
import type { Operation, PermissionTable } from '../../auth/permissions.js'
import type { UsageRecorder } from '../../domain/permission-usage.js'
import { errors } from '../../errors/catalogue.js'
import type { GraphRequestState } from '../graph-request.js'

export interface AuthorizeOptions {
  permissions: PermissionTable
  usage: UsageRecorder
}

const GRAPH_ROOT = /^\/(v1\.0|beta)(\/|$)/i

export interface DeclaredRoute {
  method: string
  url: string
  operation: Operation
}

const declared = new WeakMap<FastifyInstance, DeclaredRoute[]>()

/** Every Graph route and the operation it declared, for tests that walk them all. */
export function declaredGraphRoutes(app: FastifyInstance): readonly DeclaredRoute[] {
  return declared.get(app) ?? []
}

async function authorizePlugin(app: FastifyInstance, options: AuthorizeOptions): Promise<void> {
  // A Graph route without an operation would be served to any valid token: refuse it at start-up.
  const routes: DeclaredRoute[] = []
  declared.set(app, routes)
  app.addHook('onRoute', (route) => {
    if (!GRAPH_ROOT.test(route.url) || route.config?.public === true) return
    if (route.config?.authenticatedOnly === true) return
    const operation = route.config?.operation
    if (operation === undefined) {
      throw new Error(
        `Graph route ${String(route.method)} ${route.url} declares no config.operation; every Graph route must (src/auth/permissions.ts).`,
      )
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, operation })
  })

  // A callback hook (synchronous: what it throws becomes the reply), on every Graph request.
  app.addHook('onRequest', (request, _reply, done) => {
    const graph = request.graph as GraphRequestState | null
    const principal = graph?.ctx.principal
    // Not a Graph request, a public route, or no route at all (the not-found handler answers).
    // The $batch envelope: request-context has verified the token; each inner request comes back
    // through this hook with its own operation (spec §7.3).
    if (
      graph == null ||
      principal === undefined ||
      request.is404 ||
      graph.route.authenticatedOnly === true
    ) {
      done()
      return
    }
    const operation = graph.route.operation
    if (operation === undefined) throw errors.internalServerError()
    // Graph answers `/me` with an app-only token by its own 400 before it looks at permissions.
    if (graph.route.delegatedOnly === true && principal.kind !== 'delegated') {
      throw errors.meRequiresDelegated()
    }
    authorize(principal, operation, options.permissions)
    options.usage.record({
      tenantId: principal.tenantId,
      appId: principal.appId,
      kind: principal.kind,
      operation,
      heldPermissions: principal.kind === 'delegated' ? principal.scopes : principal.roles,
    })
    done()
  })
}

export default fp(authorizePlugin, { name: 'authorize', dependencies: ['request-context'] })
