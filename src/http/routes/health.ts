// Operations endpoints outside Graph's URL space: liveness (the process answers) and readiness
// (the database answers too). Load balancers and orchestrators poll them; neither needs a token.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import type { DomainDeps } from '../../domain/context.js'
import { errors } from '../../errors/catalogue.js'

/** A database slower than this to answer `select 1` counts as not ready; probes time out too. */
const READY_TIMEOUT_MS = 3000
const RETRY_AFTER_SECONDS = 5

export function healthRoutes(app: FastifyInstance, deps: Pick<DomainDeps, 'store'>): void {
  // Liveness only: a database outage must not get healthy instances restarted.
  app.get('/_health', async () => ({ status: 'ok' }))

  app.get('/_ready', async (request) => {
    const timeout = new AbortController()
    try {
      await Promise.race([
        deps.store.ping(),
        sleep(READY_TIMEOUT_MS, undefined, { signal: timeout.signal }).then(
          () => {
            throw new Error(`no answer within ${READY_TIMEOUT_MS} ms`)
          },
          // Aborted once the ping settled: nothing left to report.
          () => undefined,
        ),
      ])
    } catch (error) {
      request.log.warn({ err: error }, 'database not reachable')
      throw errors.serviceUnavailable(RETRY_AFTER_SECONDS)
    } finally {
      timeout.abort()
    }
    return { status: 'ok' }
  })
}
