// The headers every Graph response carries (spec §6.2): OData's content type on success bodies,
// plain JSON on errors, OData-Version, and no Content-Type on a 204. Identity-platform, admin and
// health responses are not OData and keep their own headers.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'

async function odataHeaders(app: FastifyInstance): Promise<void> {
  // A callback hook: it never waits, and it runs on every response.
  app.addHook('onSend', (request, reply, payload, done) => {
    // request.graph is set for /v1.0 and /beta only (request-context plugin).
    if (request.graph === null || request.graph === undefined) {
      done(null, payload)
      return
    }
    reply.header('OData-Version', '4.0')
    reply.header('Cache-Control', 'no-cache')
    reply.header('Strict-Transport-Security', 'max-age=31536000')
    if (reply.statusCode === 204) {
      reply.removeHeader('content-type')
      done(null, null)
      return
    }
    const type = String(reply.getHeader('content-type') ?? '')
    if (reply.statusCode < 400 && type.startsWith('application/json')) reply.type(ODATA_JSON)
    done(null, payload)
  })
}

export default fp(odataHeaders, { name: 'odata-headers' })
