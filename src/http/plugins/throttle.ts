// Throttling (spec §7.4): one token bucket per app+tenant, as Graph's identity-and-access quota
// is kept, answering 429 with E19's body and Retry-After. Off unless configured. The buckets live
// in this instance's memory: several instances behind a load balancer each keep their own, so
// together they allow that many times the configured rate. Every request with an operation costs
// one token (Graph's ResourceUnit costs are informative, §7.4); the $batch envelope costs none,
// its inner requests come back through this hook and pay one each (§7.3).
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { errors } from '../../errors/catalogue.js'
import '../graph-request.js'

export interface ThrottleOptions {
  /** Tokens added per second; 0 turns throttling off. Fractions allowed (0.1: one per 10 s). */
  requestsPerSecond: number
  /** Tokens a bucket holds, the burst a client may send at once; 0: one second's worth, at least 1. */
  burst: number
  now: () => Date
}

export interface BucketVerdict {
  allowed: boolean
  /** Share of the bucket in use after this request (above 1 when refused), as Graph reports it. */
  used: number
  /** Whole seconds until one token is back (refused requests only). */
  retryAfterSeconds: number
}

interface Bucket {
  tokens: number
  at: number
}

// Buckets that have refilled are forgotten once there are this many, so memory stays bounded.
const PRUNE_ABOVE = 10_000
// Graph sends the usage headers only once an app has used 80 % of its limit (spec §6.2, D-THR).
const REPORT_FROM = 0.8

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>()
  readonly #rate: number
  readonly #capacity: number
  readonly #now: () => number

  constructor(options: ThrottleOptions) {
    this.#rate = options.requestsPerSecond
    this.#capacity =
      options.burst > 0 ? options.burst : Math.max(1, Math.ceil(options.requestsPerSecond))
    this.#now = () => options.now().getTime()
  }

  take(key: string): BucketVerdict {
    const now = this.#now()
    const bucket = this.#buckets.get(key) ?? { tokens: this.#capacity, at: now }
    bucket.tokens = Math.min(
      this.#capacity,
      bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.#rate,
    )
    bucket.at = now
    if (!this.#buckets.has(key)) {
      if (this.#buckets.size >= PRUNE_ABOVE) this.#prune(now)
      this.#buckets.set(key, bucket)
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return {
        allowed: true,
        used: (this.#capacity - bucket.tokens) / this.#capacity,
        retryAfterSeconds: 0,
      }
    }
    return {
      allowed: false,
      used: (this.#capacity - bucket.tokens + 1) / this.#capacity,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#rate)),
    }
  }

  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.#rate >= this.#capacity)
        this.#buckets.delete(key)
    }
  }
}

async function throttle(app: FastifyInstance, options: ThrottleOptions): Promise<void> {
  if (options.requestsPerSecond <= 0) return
  const buckets = new TokenBuckets(options)
  // onRequest, after request-context has named the app and tenant and before authorize: Graph's
  // gateway throttles before it looks at permissions, and a refused call is not counted as used.
  app.addHook('onRequest', async (request, reply) => {
    const principal = request.graph?.ctx.principal
    if (principal === undefined || request.is404) return
    if (request.graph.route.operation === undefined) return
    const verdict = buckets.take(`${principal.tenantId}/${principal.appId}`)
    if (verdict.used >= REPORT_FROM) {
      reply.header('x-ms-throttle-limit-percentage', verdict.used.toFixed(1))
      reply.header(
        'x-ms-throttle-scope',
        `Tenant_Application/ReadWrite/${principal.appId}/${principal.tenantId}`,
      )
    }
    if (!verdict.allowed) throw errors.throttled(verdict.retryAfterSeconds)
  })
}

export default fp(throttle, { name: 'throttle', dependencies: ['request-context'] })
