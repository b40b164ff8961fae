// One full garbage collection when the server falls quiet after serving requests, so that V8
// gives back the young generation the load grew (32 MB on Node 20).
//
// V8 does that by itself: its memory reducer shrinks the heap once the process is idle, but only
// after a full collection has set it going. Under load the server now makes almost nothing that
// outlives a request (src/store/sqlite/pending-reads.ts), so no full collection comes, and a
// server that had been busy kept ~50 MB it no longer used (bench/README.md, memory). A full
// collection after a quiet spell, when V8 sees the allocation rate low, shrinks the young
// generation; measured right after the load it does not.
//
// Node has no call for "collect now" without a flag: the collection is V8's `gc` function, made
// available to one new context (the flag exposes it to contexts made afterwards, not to this
// one). `vm.measureMemory({ execution: 'eager' })` shrinks the heap as well, but prints an
// experimental-feature warning into the server's output. It runs once per quiet spell, never
// under load, and takes a few milliseconds on an idle heap.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Twenty seconds: quiet enough for V8 to see the allocation rate fall, well inside a pause. */
export const DEFAULT_IDLE_COLLECTION_MS = 20_000

export interface IdleCollectionOptions {
  /** Milliseconds without a request, after some, before collecting; 0: never. */
  quietMs: number
  /** Runs the collection; tests observe it. */
  collect?: () => Promise<unknown>
}

let gc: (() => void) | undefined

/** The collection the plugin runs unless told otherwise. */
export async function fullCollection(): Promise<void> {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc')
    gc = runInNewContext('gc') as () => void
  }
  gc()
}

async function idleCollection(app: FastifyInstance, options: IdleCollectionOptions): Promise<void> {
  const { quietMs } = options
  if (quietMs <= 0) return
  const collect = options.collect ?? fullCollection
  let requests = 0
  let seen = 0
  // Requests since the last collection, and checks in a row that saw none.
  let busy = false
  let quietChecks = 0

  app.addHook('onRequest', (_request, _reply, done) => {
    requests++
    done()
  })

  // Two checks per quiet spell: the spell is over when two in a row saw no request.
  const timer = setInterval(() => {
    if (requests !== seen) {
      seen = requests
      busy = true
      quietChecks = 0
      return
    }
    if (!busy || ++quietChecks < 2) return
    busy = false
    collect().catch((error: unknown) => app.log.warn({ err: error }, 'idle collection failed'))
  }, quietMs / 2)
  timer.unref()
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer)
    done()
  })
}

export default fp(idleCollection, { name: 'idle-collection' })
