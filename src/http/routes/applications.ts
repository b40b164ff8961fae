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
import { API_VERSIONS } from '../../model/types.js'
import { APP_PROXY_CONTEXT, APP_PROXY_URL, contextUrl, entityBody } from '../../odata/serialize.js'
import { isConsistencyLevelEventual, readEntityQuery } from '../list-query.js'
import { expandDirectoryObjects } from '../../domain/directory-expand.js'
import { jsonObjectBody, referenceBody } from '../request-body.js'
import { directoryEntityBody, sendTypedPage } from './directory-views.js'
import type { RouteDeps } from './route-deps.js'
import { sendCount } from './send-page.js'

type IdParams = { Params: { id: string } }
const DIRECTORY = { isDirectoryCollection: true } as const

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
  for (const version of API_VERSIONS) {
    const apps = `/${version}/applications`

    app.get(apps, { config: { operation: 'applications.list' } }, async (request, reply) => {
      const collection = deps.collection(request, application, DIRECTORY)
      const page = await listApplications(deps, request.graph.ctx, collection.list)
      const expand = collection.bound.expand[0]
      if (expand !== undefined)
        page.items = await expandDirectoryObjects(
          deps,
          request.graph.ctx,
          'application',
          page.items,
          expand.navigation,
        )
      return sendTypedPage(request, reply, collection, 'applications', page, 'application')
    })
    app.get(
      `${apps}/$count`,
      { config: { operation: 'applications.list' } },
      async (request, reply) => {
        if (!isConsistencyLevelEventual(request)) throw errors.countNotSupported()
        const collection = deps.collection(request, application, DIRECTORY)
        return sendCount(reply, await countApplications(deps, request.graph.ctx, collection.list))
      },
    )
    app.post(apps, { config: { operation: 'applications.create' } }, async (request, reply) => {
      const created = await createApplication(
        deps,
        request.graph.ctx,
        checkVersionMembers(version, jsonObjectBody(request)),
      )
      reply.header('Location', `${request.graph.scope.serviceRoot}/applications/${created.id}`)
      const bound = readEntityQuery(request, application)
      return reply.code(201).send(
        directoryEntityBody(request, bound, 'applications/$entity', {
          type: 'application',
          entity: created,
        }),
      )
    })
    app.get<IdParams>(
      `${apps}/:id`,
      { config: { operation: 'applications.get' } },
      async (request) => {
        const bound = readEntityQuery(request, application)
        const found = await getApplication(deps, request.graph.ctx, request.params.id)
        if (bound.expand[0] !== undefined)
          await expandDirectoryObjects(
            deps,
            request.graph.ctx,
            'application',
            [found],
            bound.expand[0].navigation,
          )
        return directoryEntityBody(request, bound, 'applications/$entity', {
          type: 'application',
          entity: found,
        })
      },
    )
    app.patch<IdParams>(
      `${apps}/:id`,
      { config: { operation: 'applications.update' } },
      async (request, reply) => {
        await updateApplication(
          deps,
          request.graph.ctx,
          request.params.id,
          checkVersionMembers(version, jsonObjectBody(request)),
        )
        return reply.code(204).send()
      },
    )
    app.delete<IdParams>(
      `${apps}/:id`,
      { config: { operation: 'applications.delete' } },
      async (request, reply) => {
        await deleteApplication(deps, request.graph.ctx, request.params.id)
        return reply.code(204).send()
      },
    )
  }

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
