// Applications (spec §2.6, §3.4): CRUD on both versions, and on beta their App Proxy connector
// group (A1 PUT, A2 GET, A3 DELETE).
import type { FastifyInstance } from 'fastify'
import {
  countApplications,
  createApplication,
  deleteApplication,
  getApplication,
  getApplicationConnectorGroup,
  listApplications,
  removeApplicationConnectorGroup,
  setApplicationConnectorGroup,
  updateApplication,
} from '../../domain/applications.js'
import { errors } from '../../errors/catalogue.js'
import { application, BETA_ONLY_MEMBERS } from '../../model/entities.js'
import { APP_PROXY_CONTEXT, APP_PROXY_URL, contextUrl, entityBody } from '../../odata/serialize.js'
import { referenceBody } from '../request-body.js'
import { directoryCrudRoutes } from './directory-crud.js'
import type { RouteDeps } from './route-deps.js'

type IdParams = { Params: { id: string } }

/** v1.0 has no onPremisesPublishing: a body that sets it is refused there (spec §1). */
function checkVersionMembers(
  version: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  if (version === 'v1.0') {
    for (const name of BETA_ONLY_MEMBERS.application ?? []) {
      if (name in body) throw errors.unknownProperty(name, 'microsoft.graph.application')
    }
  }
  return body
}

export function applicationRoutes(app: FastifyInstance, deps: RouteDeps): void {
  directoryCrudRoutes(app, deps, {
    set: 'applications',
    type: 'application',
    entity: application,
    operations: {
      list: 'applications.list',
      get: 'applications.get',
      create: 'applications.create',
      update: 'applications.update',
      delete: 'applications.delete',
    },
    list: listApplications,
    count: countApplications,
    get: getApplication,
    create: (d, request, body, version) =>
      createApplication(d, request.graph.ctx, checkVersionMembers(version, body)),
    update: (d, request, id, body, version) =>
      updateApplication(d, request.graph.ctx, id, checkVersionMembers(version, body)),
    remove: deleteApplication,
  })

  // spec §3.4: beta only.
  const group = '/beta/applications/:id/connectorGroup'
  app.get<IdParams>(
    group,
    { config: { operation: 'applications.connectorGroup.get' } },
    async (request) => {
      const found = await getApplicationConnectorGroup(deps, request.graph.ctx, request.params.id)
      return entityBody(request.graph.scope, APP_PROXY_CONTEXT.connectorGroup, found)
    },
  )
  app.get<IdParams>(
    `${group}/$ref`,
    { config: { operation: 'applications.connectorGroup.get' } },
    async (request) => {
      const found = await getApplicationConnectorGroup(deps, request.graph.ctx, request.params.id)
      const scope = request.graph.scope
      return {
        '@odata.context': contextUrl(scope, '$ref'),
        '@odata.id': APP_PROXY_URL.connectorGroup(scope, found.id),
      }
    },
  )
  // A1: 204 (D-APP-CG).
  app.put<IdParams>(
    `${group}/$ref`,
    { config: { operation: 'applications.connectorGroup.set' } },
    async (request, reply) => {
      const reference = referenceBody(
        request,
        ['connectorGroups'],
        'microsoft.graph.connectorGroup',
      )
      await setApplicationConnectorGroup(deps, request.graph.ctx, request.params.id, reference.key)
      return reply.code(204).send()
    },
  )
  // A3: back to the default group, 204.
  app.delete<IdParams>(
    `${group}/$ref`,
    { config: { operation: 'applications.connectorGroup.remove' } },
    async (request, reply) => {
      await removeApplicationConnectorGroup(deps, request.graph.ctx, request.params.id)
      return reply.code(204).send()
    },
  )
}
