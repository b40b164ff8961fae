// Throughput of 1 vs 3 instances on one PostgreSQL database, for docs/scaling.md: each run starts
// the instances (`graph-appproxy start`, processes of their own) on a fresh database and drives
// them with wrk at once, the connections split evenly between them.
// Usage: node --import tsx scripts/measure-instances.ts --pg-url postgres://postgres@127.0.0.1:5432/postgres
//        [--duration 10] [--connections 48] [--instances 1,3]
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseArgs } from 'node:util'
import { createTestDatabase } from '../test/support/postgres-databases.js'
import { passwordToken, startServerProcess } from '../test/support/server-process.js'
import type { ServerProcess } from '../test/support/server-process.js'

const run = promisify(execFile)
const { values } = parseArgs({
  options: {
    'pg-url': { type: 'string', default: process.env.GRAPH_APPPROXY_TEST_PG_URL ?? '' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '48' },
    instances: { type: 'string', default: '1,3' },
  },
})
if (values['pg-url'] === '') throw new Error('--pg-url <PostgreSQL admin URL> is required')
process.env.GRAPH_APPPROXY_TEST_PG_URL = values['pg-url']
const duration = Number(values.duration)
const connections = Number(values.connections)
const P = '/beta/onPremisesPublishingProfiles/applicationProxy'

interface Workload {
  name: string
  path: string
  /** wrk Lua: method, body and headers besides the token. */
  lua: string
}
const WORKLOADS: Workload[] = [
  { name: 'read: GET connectorGroups?$top=20', path: `${P}/connectorGroups?$top=20`, lua: '' },
  {
    name: 'write: POST connectorGroups',
    path: `${P}/connectorGroups`,
    lua: `wrk.method = "POST"\nwrk.body = '{"name":"load"}'\nwrk.headers["content-type"] = "application/json"\n`,
  },
]

/** Runs wrk against every instance at once; returns the summed requests/s and non-2xx count. */
async function drive(instances: ServerProcess[], token: string, workload: Workload, dir: string) {
  const script = join(dir, 'workload.lua')
  writeFileSync(script, `${workload.lua}wrk.headers["authorization"] = "Bearer ${token}"\n`)
  const each = Math.max(1, Math.round(connections / instances.length))
  const outputs = await Promise.all(
    instances.map((instance) =>
      run('wrk', [
        '-t1',
        `-c${each}`,
        `-d${duration}s`,
        '-s',
        script,
        `${instance.url}${workload.path}`,
      ]),
    ),
  )
  let perSecond = 0
  let failed = 0
  for (const { stdout } of outputs) {
    perSecond += Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0)
    failed += Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0)
  }
  return { perSecond: Math.round(perSecond), failed }
}

const dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-measure-'))
console.log(
  `${cpus().length} × ${cpus()[0]?.model}; ${connections} connections, ${duration} s per run`,
)
try {
  for (const count of values.instances.split(',').map(Number)) {
    const database = await createTestDatabase()
    const instances: ServerProcess[] = []
    try {
      for (let n = 0; n < count; n++) {
        instances.push(
          await startServerProcess([
            '--db-url',
            database.url,
            '--public-url',
            'http://graph-appproxy.measure',
            '--log-level',
            'silent',
            '--data-dir',
            join(dir, `instance-${n}`),
          ]),
        )
      }
      const token = await passwordToken(instances[0] as ServerProcess)
      for (const workload of WORKLOADS) {
        const { perSecond, failed } = await drive(instances, token, workload, dir)
        console.log(
          `${count} instance(s)  ${workload.name.padEnd(36)} ${perSecond} req/s  (non-2xx: ${failed})`,
        )
      }
    } finally {
      await Promise.all(instances.map((instance) => instance.kill()))
      await database.drop()
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
