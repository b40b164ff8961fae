// autocannon as the load driver where wrk is not installed; it runs in a child process
// (bench/drivers/autocannon-child.ts) so that the runner's own work never slows the client.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { LoadDriver, LoadOptions, LoadResult, LoadSpec } from './load.js'

const run = promisify(execFile)
const CHILD = fileURLToPath(new URL('./autocannon-child.ts', import.meta.url))

export const autocannonDriver: LoadDriver = {
  name: 'autocannon',
  async run(spec: LoadSpec, baseUrl: string, options: LoadOptions): Promise<LoadResult> {
    const dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-autocannon-'))
    const jobFile = join(dir, 'job.json')
    writeFileSync(jobFile, JSON.stringify({ spec, baseUrl, options }))
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, jobFile], {
        maxBuffer: 16 * 1024 * 1024,
      })
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '))
      if (line === undefined) throw new Error(`autocannon printed no result:\n${stdout}`)
      const r = JSON.parse(line.slice('BENCH_RESULT '.length)) as Omit<LoadResult, 'driver' | 'rps'>
      return { driver: 'autocannon', ...r, rps: r.requests / r.durationSeconds }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
