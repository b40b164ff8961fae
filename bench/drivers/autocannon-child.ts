// autocannon in a process of its own (it is JavaScript: in the runner's process it would share an
// event loop with the runner). Reads the job from the JSON file named by argv[2] and prints one
// BENCH_RESULT line, like bench/wrk/rotate.lua does.
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import type { LoadOptions, LoadSpec } from './load.js'

interface Job {
  spec: LoadSpec
  baseUrl: string
  options: LoadOptions
}

const job = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Job
const requests = job.spec.requests
let counter = 0

const result = await autocannon({
  url: job.baseUrl,
  connections: job.options.connections,
  duration: job.options.durationSeconds,
  headers: { ...job.spec.headers },
  requests: [
    {
      // One counter for all connections: the next request takes the next slot (bench/drivers/load.ts).
      setupRequest: (request) => {
        const next = requests[counter++ % requests.length]
        if (next === undefined) throw new Error('empty workload')
        return {
          ...request,
          method: next.method,
          path: next.path,
          ...(next.body === undefined ? {} : { body: next.body }),
        }
      },
    },
  ],
})

process.stdout.write(
  `BENCH_RESULT ${JSON.stringify({
    requests: result.requests.total,
    durationSeconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  })}\n`,
)
