// Fault injection for CI users: rules set through the admin API (routes/admin-faults.ts) make the
// next matching Graph requests fail with a catalogue error, or answer late. Rules live in this
// instance's memory: with several instances each keeps its own, so set them on every instance.
// A fault fires after authentication (a 401 stays a 401) and before the permission check and the
// handler, so a faulted write changes nothing. Inner $batch requests come back through here too.
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { errors } from '../../errors/catalogue.js'
import type { GraphError } from '../../errors/graph-error.js'
import '../graph-request.js'

/** The statuses a fault can answer, each with the catalogue error Graph would send. */
export const FAULT_STATUSES = [429, 500, 503, 504] as const
export type FaultStatus = (typeof FAULT_STATUSES)[number]

export interface FaultInput {
  /** HTTP method to match (any when absent). */
  method?: string
  /** Regular expression matched case-insensitively against the request path (any when absent). */
  path?: string
  status?: FaultStatus
  /** How many matching requests the fault hits (default 1). */
  count?: number
  /** Retry-After on 429 and 503 (default 1) and, when given, on 504. */
  retryAfterSeconds?: number
  /** Latency added before the error, or before the request goes on when there is no status. */
  delayMs?: number
}

export interface Fault extends FaultInput {
  id: string
  count: number
  /** Matching requests still to hit. */
  remaining: number
  createdDateTime: string
}

const DEFAULT_RETRY_AFTER_SECONDS = 1

function errorFor(fault: Fault): GraphError | undefined {
  const retryAfter = fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS
  switch (fault.status) {
    case undefined:
      return undefined
    case 429:
      return errors.throttled(retryAfter)
    case 500:
      return errors.internalServerError()
    case 503:
      return errors.serviceUnavailable(retryAfter)
    case 504:
      return errors.gatewayTimeout(fault.retryAfterSeconds)
  }
}

export class FaultRegistry {
  readonly #faults: Array<{ fault: Fault; path?: RegExp }> = []

  /** Throws a SyntaxError when `path` is not a regular expression. */
  add(input: FaultInput, now: Date): Fault {
    const path = input.path === undefined ? undefined : new RegExp(input.path, 'i')
    const count = input.count ?? 1
    const fault: Fault = {
      id: randomUUID(),
      ...input,
      ...(input.method === undefined ? {} : { method: input.method.toUpperCase() }),
      count,
      remaining: count,
      createdDateTime: now.toISOString(),
    }
    this.#faults.push({ fault, ...(path === undefined ? {} : { path }) })
    return fault
  }

  get isEmpty(): boolean {
    return this.#faults.length === 0
  }

  list(): Fault[] {
    return this.#faults.map(({ fault }) => ({ ...fault }))
  }

  remove(id: string): boolean {
    const index = this.#faults.findIndex(({ fault }) => fault.id === id)
    if (index !== -1) this.#faults.splice(index, 1)
    return index !== -1
  }

  clear(): void {
    this.#faults.length = 0
  }

  /** The first fault matching the request, counted down (and dropped when spent). */
  take(method: string, path: string): Fault | undefined {
    const index = this.#faults.findIndex(
      ({ fault, path: pattern }) =>
        (fault.method === undefined || fault.method === method.toUpperCase()) &&
        (pattern === undefined || pattern.test(path)),
    )
    const entry = this.#faults[index]
    if (entry === undefined) return undefined
    entry.fault.remaining -= 1
    if (entry.fault.remaining <= 0) this.#faults.splice(index, 1)
    return { ...entry.fault }
  }
}

async function faults(app: FastifyInstance, options: { registry: FaultRegistry }): Promise<void> {
  // A callback hook: every Graph request passes here, and almost none has a fault to wait for.
  app.addHook('onRequest', (request, _reply, done) => {
    // Graph requests with a verified token and a route; the $batch envelope included.
    if (options.registry.isEmpty || request.graph?.ctx.principal === undefined || request.is404) {
      done()
      return
    }
    const fault = options.registry.take(request.method, request.url.split('?')[0] ?? '')
    if (fault === undefined) {
      done()
      return
    }
    const delayMs = fault.delayMs ?? 0
    if (delayMs <= 0) {
      done(errorFor(fault))
      return
    }
    sleep(delayMs).then(() => done(errorFor(fault)), done)
  })
}

export default fp(faults, { name: 'faults', dependencies: ['request-context'] })
