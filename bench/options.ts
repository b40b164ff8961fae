// The flags of `npm run bench -- …` (bench/README.md lists them with examples).
import { parseArgs } from 'node:util'
import type { WorkloadId } from './workloads.js'

export type BackendChoice = 'sqlite' | 'postgres' | 'both' | 'auto'

export interface BenchOptions {
  durationSeconds: number
  /** An unmeasured run of each workload before its first round (0: none). */
  warmupSeconds: number
  /** Seconds without requests before RSS is read "at rest" (0: only the reading 2 s after). */
  restSeconds: number
  connections: number
  rounds: number
  /** Adds the 1,000,000-group runs of W1, W2 and W7. */
  scale: boolean
  /** `auto`: SQLite, and PostgreSQL too when one answers. */
  backend: BackendChoice
  /** Where the results go; default bench/results/<timestamp>.json. */
  json?: string
  /** Run only these workloads (profiling one at a time). */
  only?: readonly WorkloadId[]
  /** Writes a CPU profile of each server process to bench/results/profiles/. */
  profile: boolean
  driver: 'auto' | 'wrk' | 'autocannon'
  /** PostgreSQL admin URL: each run makes a fresh database on it and drops it after. */
  pgUrl: string
  /** Groups of the base phase (W1–W7) and of W8's walk. */
  baseGroups: number
  pagingGroups: number
  scaleGroups: number
}

const HELP = `npm run bench -- [options]

  --quick                 2 s runs, 1 round, 10,000 groups for W8 (a smoke test)
  --duration <s>          seconds per run (default 10)
  --warmup <s>            unmeasured run of each workload before its first round (default 3; 0: none)
  --rest <s>              seconds without requests before RSS is read at rest (default 45; quick 0)
  --connections <n>       connections (default 50)
  --rounds <n>            interleaved rounds; medians are printed (default 3)
  --scale                 also W1, W2, W7 at 1,000,000 groups (seeding takes minutes)
  --backend <b>           sqlite | postgres | both | auto (default auto: postgres when reachable)
  --pg-url <url>          PostgreSQL admin URL (default $GRAPH_APPPROXY_BENCH_PG_URL or
                          postgres://postgres@127.0.0.1:5432/postgres)
  --only <W1,W2,…>        run only these workloads
  --driver <d>            wrk | autocannon | auto (default auto: wrk when on PATH)
  --profile               write CPU profiles of the servers to bench/results/profiles/
  --json <path>           results file (default bench/results/<timestamp>.json)

  e.g. npm run bench -- --backend sqlite --only W1,W2 --profile`

export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rest: { type: 'string' },
      connections: { type: 'string', default: '50' },
      rounds: { type: 'string' },
      scale: { type: 'boolean', default: false },
      backend: { type: 'string', default: 'auto' },
      'pg-url': { type: 'string' },
      only: { type: 'string' },
      driver: { type: 'string', default: 'auto' },
      profile: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log(HELP)
    process.exit(0)
  }
  const positive = (name: string, value: string) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`--${name} expects a whole number ≥ 1, got '${value}'`)
    return n
  }
  const wholeSeconds = (name: string, value: string) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name} expects a whole number ≥ 0, got '${value}'`)
    return n
  }
  const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new Error(`--${name} expects one of ${allowed.join(', ')}, got '${value}'`)
    }
    return value as T
  }
  const quick = values.quick
  return {
    durationSeconds: positive('duration', values.duration ?? (quick ? '2' : '10')),
    warmupSeconds: wholeSeconds('warmup', values.warmup ?? (quick ? '1' : '3')),
    restSeconds: wholeSeconds('rest', values.rest ?? (quick ? '0' : '45')),
    connections: positive('connections', values.connections),
    rounds: positive('rounds', values.rounds ?? (quick ? '1' : '3')),
    scale: values.scale,
    backend: oneOf('backend', values.backend, ['sqlite', 'postgres', 'both', 'auto'] as const),
    ...(values.json === undefined ? {} : { json: values.json }),
    ...(values.only === undefined
      ? {}
      : {
          only: values.only
            .split(',')
            .map((w) =>
              oneOf('only', w.trim().toUpperCase(), [
                'W1',
                'W2',
                'W3',
                'W4',
                'W5',
                'W6',
                'W7',
                'W8',
              ] as const),
            ),
        }),
    profile: values.profile,
    driver: oneOf('driver', values.driver, ['auto', 'wrk', 'autocannon'] as const),
    pgUrl:
      values['pg-url'] ??
      process.env.GRAPH_APPPROXY_BENCH_PG_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    baseGroups: 1_000,
    pagingGroups: quick ? 10_000 : 100_000,
    scaleGroups: 1_000_000,
  }
}
