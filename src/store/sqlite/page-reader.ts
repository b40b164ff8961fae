// Fresh pages of collections, read on a thread of their own. A 100-item page took ~0.3 ms of the
// event loop to read, decode and serialise (bench/README.md, W8); 50 clients walking nextLinks
// kept one core busy with it while the second core, but for the load generator, sat idle. The
// request thread now compiles the page query and hands it over with what to make of the rows
// (page-json.ts); the thread answers with the page's JSON. Measured on W8: see bench/README.md.
//
// The thread has its own read-only connection. In WAL mode it reads the last committed state:
// every write this process acknowledged (group commit answers after COMMIT) and every write of
// other processes, as a read on the request thread's connection would, but without queueing for
// that connection while a write batch holds it.
//
// It starts with the first page read and stops after a while without one, so that a server at
// rest holds no second V8 heap; starting costs ~70 ms compiled, once.
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { SkipTokenSeal } from '../../odata/skiptoken.js'
import type { JsonItems, PageReader, PageShape, PageStatement } from '../page-json.js'
import type { PageRequest, PageResponse, PageThreadData } from './page-reader-thread.js'
import { PendingReads } from './pending-reads.js'

export interface SqlitePageReaderOptions {
  /** The thread stops after this long without a read. */
  idleMs?: number
}

const DEFAULT_IDLE_MS = 30_000

interface Pending {
  resolve(items: JsonItems): void
  reject(error: Error): void
}

/** One running thread and the reads it owes. */
interface ReaderThread {
  readonly worker: Worker
  readonly pending: PendingReads<Pending>
}

const THREAD_URL = new URL(
  `./page-reader-thread${fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
)

function spawn(data: PageThreadData): Worker {
  // The thread makes little garbage per page and keeps none: a small young generation is enough.
  const options = { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4 } }
  if (!THREAD_URL.pathname.endsWith('.ts')) return new Worker(THREAD_URL, options)
  // From the TypeScript sources (npm start, the tests): tsx's module hooks do not reach worker
  // threads (privatenumber/tsx#354), so the thread registers them before loading its module.
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(THREAD_URL.href)}) })`
  return new Worker(bootstrap, { ...options, eval: true })
}

export class SqlitePageReader implements PageReader {
  readonly #file: string
  readonly #idleMs: number
  #thread: ReaderThread | undefined
  #nextId = 0
  #idleTimer: NodeJS.Timeout | undefined
  #closed = false

  constructor(file: string, options: SqlitePageReaderOptions = {}) {
    this.#file = file
    this.#idleMs = options.idleMs ?? DEFAULT_IDLE_MS
  }

  read(statement: PageStatement, shape: PageShape, seal?: SkipTokenSeal): Promise<JsonItems> {
    if (this.#closed) return Promise.reject(new Error('page reader: closed'))
    clearTimeout(this.#idleTimer)
    const thread = this.#thread ?? this.#start()
    const id = ++this.#nextId
    return new Promise((resolve, reject) => {
      thread.pending.add(id, { resolve, reject })
      thread.worker.postMessage({ id, statement, shape, seal } satisfies PageRequest)
    })
  }

  /** Whether a thread is running (tests). */
  get running(): boolean {
    return this.#thread !== undefined
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#idleTimer)
    const thread = this.#thread
    this.#thread = undefined
    if (thread !== undefined) await thread.worker.terminate()
  }

  #start(): ReaderThread {
    const worker = spawn({ file: this.#file })
    // Neither the thread nor its idle timer keeps the process alive; pending reads belong to
    // requests, whose sockets do.
    worker.unref()
    const thread: ReaderThread = { worker, pending: new PendingReads() }
    worker.on('message', (response: PageResponse) => {
      const pending = thread.pending.take(response.id)
      if (pending === undefined) return
      if ('error' in response) {
        const { message, code } = response.error
        pending.reject(Object.assign(new Error(message), code === undefined ? {} : { code }))
      } else {
        pending.resolve(response.items)
      }
      if (thread.pending.size === 0 && this.#thread === thread) this.#scheduleStop(thread)
    })
    // A thread that failed or ended takes its pending reads with it; the next read starts another.
    const end = (error: Error) => {
      if (this.#thread === thread) this.#thread = undefined
      for (const pending of thread.pending.takeAll()) pending.reject(error)
    }
    worker.on('error', end)
    worker.on('exit', (code) => end(new Error(`page reader: the thread exited with code ${code}`)))
    this.#thread = thread
    return thread
  }

  #scheduleStop(thread: ReaderThread): void {
    clearTimeout(this.#idleTimer)
    this.#idleTimer = setTimeout(() => {
      if (this.#thread !== thread || thread.pending.size > 0) return
      this.#thread = undefined
      void thread.worker.terminate()
    }, this.#idleMs)
    this.#idleTimer.unref()
  }
}
