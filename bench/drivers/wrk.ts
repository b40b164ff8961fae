// wrk as the load driver (preferred: a C client that outruns any Node server on this machine).
// The workload becomes a Lua preamble in front of bench/wrk/rotate.lua.
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { LoadDriver, LoadOptions, LoadResult, LoadSpec } from './load.js'

const run = promisify(execFile)
const ROTATE = readFileSync(fileURLToPath(new URL('../wrk/rotate.lua', import.meta.url)), 'utf8')

export function hasWrk(): boolean {
  return spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).stdout.trim() !== ''
}

function luaString(value: string): string {
  // A long bracket string needs no escaping unless the text itself closes the bracket.
  if (value.includes(']==]')) throw new Error(`cannot quote for Lua: ${value}`)
  return `[==[${value}]==]`
}

function preamble(spec: LoadSpec, threads: number): string {
  const requests = spec.requests.map((r) => {
    const body = r.body === undefined ? '' : `, body = ${luaString(r.body)}`
    return `  { method = ${luaString(r.method)}, path = ${luaString(r.path)}${body} },`
  })
  const headers = Object.entries(spec.headers).map(
    ([name, value]) => `  [ ${luaString(name)} ] = ${luaString(value)},`,
  )
  return [
    `BENCH_THREADS = ${threads}`,
    'BENCH_REQUESTS = {',
    ...requests,
    '}',
    'BENCH_HEADERS = {',
    ...headers,
    '}',
    '',
  ].join('\n')
}

interface WrkSummary {
  requests: number
  durationUs: number
  status: number
  connect: number
  read: number
  write: number
  timeout: number
  p50Us: number
  p99Us: number
}

export const wrkDriver: LoadDriver = {
  name: 'wrk',
  async run(spec: LoadSpec, baseUrl: string, options: LoadOptions): Promise<LoadResult> {
    // One thread per two cores: on a two-core machine one core drives and the other serves (a
    // second wrk thread only takes CPU from the server under test). Never more than connections.
    const threads = Math.max(
      1,
      Math.min(Math.floor(availableParallelism() / 2), 4, options.connections),
    )
    const dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-wrk-'))
    const script = join(dir, 'workload.lua')
    writeFileSync(script, preamble(spec, threads) + ROTATE)
    try {
      const { stdout } = await run(
        'wrk',
        [
          `-t${threads}`,
          `-c${options.connections}`,
          `-d${options.durationSeconds}s`,
          '--latency',
          '-s',
          script,
          baseUrl,
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      )
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '))
      if (line === undefined) throw new Error(`wrk printed no result:\n${stdout}`)
      const s = JSON.parse(line.slice('BENCH_RESULT '.length)) as WrkSummary
      const durationSeconds = s.durationUs / 1e6
      return {
        driver: 'wrk',
        requests: s.requests,
        durationSeconds,
        rps: s.requests / durationSeconds,
        p50Ms: s.p50Us / 1000,
        p99Ms: s.p99Us / 1000,
        errors: s.status + s.connect + s.read + s.write + s.timeout,
        errorKinds: {
          status: s.status,
          connect: s.connect,
          read: s.read,
          write: s.write,
          timeout: s.timeout,
        },
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
