// Serialised GET responses, reused while the data they were read from cannot have changed.
// Routes opt in with `config.cache`; the store says when data may have changed through
// `readGeneration` (SQLite only: src/store/sqlite/read-cache.ts explains why the number is exact).
// A hit skips the query, the row decoding, the projection, the skiptoken signature and the
// serialisation: on a 100-item page those are most of the request (bench/README.md).
//
// It runs after authentication and the permission check (a hit is still refused to a token that
// may not read), and only for routes whose answer is a function of the tenant's data, the URL and
// the headers named in the key; `data-and-clock` routes (connectors, whose status is derived from
// the time) add the current second, the resolution the store computes status at.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import '../graph-request.js'

export type CachePolicy = 'data' | 'data-and-clock'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The GET answer may be reused until the data changes (plugins/representation-cache.ts). */
    cache?: CachePolicy
  }
}

export interface RepresentationCacheOptions {
  /** Store.readGeneration; without it (PostgreSQL) nothing is cached. */
  readGeneration?: () => number
  now: () => Date
  /** Bounds on what is held (payload characters, responses). */
  maxChars?: number
  maxEntries?: number
}

interface Entry {
  readonly payload: string
  readonly contentType: string
  readonly preferenceApplied: string | undefined
}

/**
 * A page reached through `@odata.nextLink`. Not kept: a client walking a collection reads each
 * page once, so keeping them only pushed out the first pages, the ones read again and again, and
 * cost a copy of every page into the old generation (W8 in bench/README.md). `$` is optional on
 * beta and may come percent-encoded.
 */
const NEXT_PAGE = /[?&](?:\$|%24)?skiptoken=/i

/** Request headers a cached answer may depend on; they are part of the key. */
const VARY = ['accept', 'prefer', 'consistencylevel'] as const

async function representationCache(
  app: FastifyInstance,
  options: RepresentationCacheOptions,
): Promise<void> {
  const readGeneration = options.readGeneration
  if (readGeneration === undefined) return
  const maxChars = options.maxChars ?? 8_000_000
  const maxEntries = options.maxEntries ?? 2_000
  const entries = new Map<string, Entry>()
  let chars = 0
  let generation = -1
  // The key and the generation it was read at, from preHandler to onSend.
  const pending = new WeakMap<FastifyRequest, { key: string; generation: number }>()

  const keyOf = (request: FastifyRequest, policy: CachePolicy): string => {
    const parts = [request.graph.ctx.tenantId, request.graph.scope.serviceRoot, request.url]
    for (const name of VARY) parts.push(String(request.headers[name] ?? ''))
    if (policy === 'data-and-clock') parts.push(String(Math.floor(options.now().getTime() / 1000)))
    return parts.join('\n')
  }

  // Callback hooks: they never wait, and a hit must cost as little as possible. A hit replies
  // here and so does not call done (Fastify's rule for callback hooks that answer).
  app.addHook('preHandler', (request, reply, done) => {
    const policy = request.routeOptions.config.cache
    if (
      policy === undefined ||
      request.method !== 'GET' ||
      request.graph == null ||
      NEXT_PAGE.test(request.url)
    ) {
      done()
      return
    }
    const current = readGeneration()
    if (current !== generation) {
      entries.clear()
      chars = 0
      generation = current
    }
    const key = keyOf(request, policy)
    const hit = entries.get(key)
    if (hit === undefined) {
      pending.set(request, { key, generation: current })
      done()
      return
    }
    reply.type(hit.contentType)
    if (hit.preferenceApplied !== undefined)
      reply.header('Preference-Applied', hit.preferenceApplied)
    reply.send(hit.payload)
  })

  app.addHook('onSend', (request, reply, payload, done) => {
    const slot = pending.get(request)
    // Not to be kept, or read at an older generation: already out of date, and never looked up.
    if (
      slot === undefined ||
      reply.statusCode !== 200 ||
      typeof payload !== 'string' ||
      slot.generation !== generation
    ) {
      done(null, payload)
      return
    }
    const preferenceApplied = reply.getHeader('preference-applied')
    entries.set(slot.key, {
      payload,
      contentType: String(reply.getHeader('content-type')),
      preferenceApplied: preferenceApplied === undefined ? undefined : String(preferenceApplied),
    })
    chars += payload.length
    // Oldest first (Map keeps insertion order).
    for (const [key, entry] of entries) {
      if (chars <= maxChars && entries.size <= maxEntries) break
      entries.delete(key)
      chars -= entry.payload.length
    }
    done(null, payload)
  })
}

export default fp(representationCache, {
  name: 'representation-cache',
  dependencies: ['request-context', 'odata-headers'],
})
