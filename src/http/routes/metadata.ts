// $metadata and the service document of each version, both written from the model by
// model/csdl.ts. Graph answers them without a token, so the routes are public.
import type { FastifyInstance } from 'fastify'
import { buildCsdl, serviceDocumentEntries } from '../../model/csdl.js'
import { API_VERSIONS } from '../../model/types.js'
import '../graph-request.js'

const CSDL_CONTENT_TYPE = 'application/xml;charset=utf-8'

export function metadataRoutes(app: FastifyInstance): void {
  for (const version of API_VERSIONS) {
    app.get(`/${version}/$metadata`, { config: { public: true } }, async (_request, reply) =>
      reply.type(CSDL_CONTENT_TYPE).send(buildCsdl(version)),
    )

    // `ignoreTrailingSlash` makes this answer `/beta` as well as `/beta/`.
    app.get(`/${version}/`, { config: { public: true } }, async (request) => ({
      '@odata.context': `${request.graph.scope.serviceRoot}/$metadata`,
      value: serviceDocumentEntries(version),
    }))
  }
}
