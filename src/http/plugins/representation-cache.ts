// Serialised GET responses, reused while the data they were read from cannot have changed.
// Routes opt in with `config.cache`; the store says when data may have changed through
// `readGeneration` (SQLite only: src/store/sqlite/read-cache.ts explains why the number is exact).
// A hit skips the query, the row decoding, the projection, the skiptoken signature and the
// serialisation: on a 100-item page those are most of the request (bench/README.md).
//
// Requests for an answer that is being read meanwhile wait for that read instead of making their
// own: when a connector list's second ends, or after a write, the 50 requests in flight would
// otherwise all read and serialise the same page at once, and those behind them wait for all
// of it (W5's p99 in bench/README.md). A waiter that joined at the reader's generation may take
// its answer: no write committed between the read's start and the waiter's arrival, so the
// answer is the data as of some moment during the waiter's own request.
//
// It runs after authentication and the permission check (a hit is still refused to a token that
// may not read), and only for routes whose answer is a function of the tenant's data, the URL and
// the headers named in the key; `data-and-clock` routes (connectors, whose status is derived from
// the time) add the current second, the resolution the store computes status at.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { GraphRequestState } from '../graph-request.js'

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

/** A miss being read, and the requests for the same answer that wait for it. */
interface Flight {
  readonly key: string
  readonly generation: number
  /** Called with the answer, or with undefined when it cannot be shared (each then reads). */
  readonly waiters: Array<(entry: Entry | undefined) => void>
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
  const flights = new Map<string, Flight>()
  // The flight a request leads, from preHandler to onSend.
  const pending = new WeakMap<FastifyRequest, Flight>()

  const keyOf = (request: FastifyRequest, policy: CachePolicy): string => {
    const parts = [request.graph.ctx.tenantId, request.graph.scope.serviceRoot, request.url]
    for (const name of VARY) parts.push(String(request.headers[name] ?? ''))
    if (policy === 'data-and-clock') parts.push(String(Math.floor(options.now().getTime() / 1000)))
    return parts.join('\n')
  }

  const answer = (reply: FastifyReply, entry: Entry): void => {
    reply.type(entry.contentType)
    if (entry.preferenceApplied !== undefined)
      reply.header('Preference-Applied', entry.preferenceApplied)
    reply.send(entry.payload)
  }

  const keep = (key: string, entry: Entry): void => {
    entries.set(key, entry)
    chars += entry.payload.length
    // Oldest first (Map keeps insertion order).
    for (const [oldKey, old] of entries) {
      if (chars <= maxChars && entries.size <= maxEntries) break
      entries.delete(oldKey)
      chars -= old.payload.length
    }
  }

  const land = (flight: Flight, entry: Entry | undefined): void => {
    if (flights.get(flight.key) === flight) flights.delete(flight.key)
    for (const waiter of flight.waiters) waiter(entry)
  }

  /** A request for a cacheable answer, waiting for the end of the current round of I/O. */
  interface Queued {
    readonly request: FastifyRequest
    readonly reply: FastifyReply
    readonly policy: CachePolicy
    readonly done: (error?: Error) => void
  }
  let queue: Queued[] = []

  const serve = ({ request, reply, policy, done }: Queued, current: number): void => {
    const key = keyOf(request, policy)
    const hit = entries.get(key)
    if (hit !== undefined) {
      answer(reply, hit)
      return
    }
    const flight = flights.get(key)
    if (flight !== undefined && flight.generation === current) {
      flight.waiters.push((entry) => (entry === undefined ? done() : answer(reply, entry)))
      return
    }
    const own: Flight = { key, generation: current, waiters: [] }
    flights.set(key, own)
    pending.set(request, own)
    // A leader whose client went away may never send: its waiters read for themselves. Only
    // leaders listen: an onRequestAbort hook would add a listener to every request (Fastify).
    request.raw.once('close', () => {
      if (!request.raw.aborted || pending.get(request) !== own) return
      pending.delete(request)
      land(own, undefined)
    })
    done()
  }

  // One look at the data's generation serves every request queued in this round: each of them
  // had arrived before the look, so each answer is the data as of a moment during its own
  // request. On SQLite the look costs three system calls (the WAL read lock taken and dropped,
  // a stat), more than the rest of a hit (bench/README.md, W1).
  const drain = (): void => {
    const round = queue
    queue = []
    let current: number
    try {
      current = readGeneration()
    } catch (error) {
      for (const queued of round) queued.done(error as Error)
      return
    }
    if (current !== generation) {
      entries.clear()
      chars = 0
      generation = current
    }
    for (const queued of round) serve(queued, current)
  }

  // Callback hooks: a hit must cost as little as possible. A hit, or a waiter given its answer,
  // replies and so does not call done (Fastify's rule for callback hooks that answer). Requests
  // wait for setImmediate, which runs once the I/O callbacks of this turn of the event loop have
  // run, so that the requests read from the network together share one generation check.
  app.addHook('preHandler', (request, reply, done) => {
    const graph = request.graph as GraphRequestState | null
    const policy = graph?.route.cache
    if (policy === undefined || request.method !== 'GET' || NEXT_PAGE.test(request.url)) {
      done()
      return
    }
    queue.push({ request, reply, policy, done })
    if (queue.length === 1) setImmediate(drain)
  })

  app.addHook('onSend', (request, reply, payload, done) => {
    const flight = pending.get(request)
    if (flight === undefined) {
      done(null, payload)
      return
    }
    pending.delete(request)
    if (reply.statusCode !== 200 || typeof payload !== 'string') {
      land(flight, undefined)
      done(null, payload)
      return
    }
    const preferenceApplied = reply.getHeader('preference-applied')
    const entry: Entry = {
      payload,
      contentType: String(reply.getHeader('content-type')),
      preferenceApplied: preferenceApplied === undefined ? undefined : String(preferenceApplied),
    }
    // Read at an older generation: already out of date for later requests, so not kept; its
    // waiters still take it (see the top of this file).
    if (flight.generation === generation) keep(flight.key, entry)
    land(flight, entry)
    done(null, payload)
  })
}

export default fp(representationCache, {
  name: 'representation-cache',
  dependencies: ['request-context', 'odata-headers'],
})
