// `npm run bench`: starts graph-appproxy and the yardstick as separate processes, seeds them,
// drives W1–W8 with wrk (or autocannon) in interleaved rounds, prints the table and writes JSON.
// bench/README.md explains the method and holds the latest figures.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { Api } from './api.js'
import { postgresDatabase, postgresUnreachable, sqliteDatabase } from './databases.js'
import type { BenchDatabase } from './databases.js'
import { autocannonDriver } from './drivers/autocannon.js'
import { runOnAll } from './drivers/load.js'
import type { LoadDriver, LoadResult } from './drivers/load.js'
import { hasWrk, wrkDriver } from './drivers/wrk.js'
import { parseOptions } from './options.js'
import type { BenchOptions } from './options.js'
import { compileChildren, startServerProcess, startYardstick } from './processes.js'
import type { Child } from './processes.js'
import { summarise, table } from './report.js'
import type { ConfigRecord, WorkloadRecord } from './report.js'
import { benchToken } from './token.js'
import type { BenchToken } from './token.js'
import { WORKLOADS } from './workloads.js'
import type { PhaseContext, PreparedWorkload, Workload, WorkloadId } from './workloads.js'

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url))
/** Time for the servers to finish start-up work (JIT, pools) before RSS is first read. */
const SETTLE_MS = 2000
/** A workload whose single request takes longer than this is reported, not loaded. */
const TOO_SLOW_MS = 1000
/** A health check this fast means the server has no backlog left; waiting stops after the limit. */
const DRAINED_MS = 20
const DRAIN_LIMIT_MS = 300_000

interface Config {
  name: string
  backend: 'sqlite' | 'postgres'
  instances: number
}

interface Phase {
  groups: number
  workloads: readonly WorkloadId[]
}

function pickDriver(choice: BenchOptions['driver']): LoadDriver {
  if (choice === 'wrk' || (choice === 'auto' && hasWrk())) {
    if (!hasWrk()) throw new Error('--driver wrk: wrk is not on PATH (apt-get install -y wrk)')
    return wrkDriver
  }
  return autocannonDriver
}

async function plan(
  options: BenchOptions,
): Promise<{ configs: Config[]; skipped: ConfigRecord[] }> {
  const configs: Config[] = []
  const skipped: ConfigRecord[] = []
  if (options.backend !== 'postgres')
    configs.push({ name: 'sqlite', backend: 'sqlite', instances: 1 })
  if (options.backend !== 'sqlite') {
    const reason = await postgresUnreachable(options.pgUrl)
    const postgres = [1, 3].map((n) => ({
      name: `postgres×${n}`,
      backend: 'postgres' as const,
      instances: n,
    }))
    if (reason === undefined) configs.push(...postgres)
    else if (options.backend === 'auto') {
      skipped.push(
        ...postgres.map((c) => ({
          config: c.name,
          instances: c.instances,
          skipped: reason,
          idleRssMb: [],
          afterRssMb: [],
          idleRssSoonMb: [],
          afterRssSoonMb: [],
        })),
      )
    } else throw new Error(reason)
  }
  return { configs, skipped }
}

function phases(options: BenchOptions): Phase[] {
  const all: Phase[] = [
    { groups: options.baseGroups, workloads: ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7'] },
    { groups: options.pagingGroups, workloads: ['W8'] },
    ...(options.scale
      ? [{ groups: options.scaleGroups, workloads: ['W1', 'W2', 'W7'] as WorkloadId[] }]
      : []),
  ]
  const only = options.only
  return all
    .map((p) => ({
      ...p,
      workloads: only === undefined ? p.workloads : p.workloads.filter((w) => only.includes(w)),
    }))
    .filter((p) => p.workloads.length > 0)
}

const fmt = (r: LoadResult) =>
  `${Math.round(r.rps).toLocaleString('en-US')} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ${r.errors} errors` +
  (r.cpuUsPerRequest === undefined ? '' : `, ${r.cpuUsPerRequest.toFixed(1)} µs CPU/req`)

/** A run, with the CPU time the answering processes spent on it per request. */
async function withCpu(
  answering: readonly Child[],
  run: () => Promise<LoadResult>,
): Promise<LoadResult> {
  const cpu = () => answering.reduce((sum, child) => sum + child.cpuSeconds(), 0)
  const before = cpu()
  const result = await run()
  const used = cpu() - before
  if (result.requests === 0) return result
  return { ...result, cpuUsPerRequest: Math.round((used * 1e7) / result.requests) / 10 }
}

/**
 * Waits until every instance answers GET /_health quickly again. A server keeps working through
 * requests it had read when the client hung up (W7 at 1,000,000 groups); without this, that
 * backlog lands in the next workload's run as its timeouts.
 */
async function drain(servers: readonly Child[]): Promise<void> {
  const deadline = Date.now() + DRAIN_LIMIT_MS
  for (const server of servers) {
    for (;;) {
      const started = performance.now()
      await (await fetch(`${server.url}/_health`)).arrayBuffer()
      if (performance.now() - started < DRAINED_MS || Date.now() > deadline) break
    }
  }
}

async function runPhase(
  config: Config,
  phase: Phase,
  ctx: PhaseContext,
  servers: readonly Child[],
  yardstick: Child,
  driver: LoadDriver,
  options: BenchOptions,
): Promise<WorkloadRecord[]> {
  const seeded = await ctx.server.ask({ type: 'seed-groups', total: phase.groups })
  if (seeded.type === 'seeded' && seeded.added > 0) {
    console.log(
      `[${config.name}] seeded ${seeded.added.toLocaleString('en-US')} groups in ${seeded.ms} ms`,
    )
  }
  ctx.token = (await benchToken(ctx.server)).value
  const records: WorkloadRecord[] = []
  const prepared = new Map<WorkloadRecord, PreparedWorkload>()
  for (const id of phase.workloads) {
    const workload = WORKLOADS.find((w) => w.id === id) as Workload
    const record: WorkloadRecord = {
      config: config.name,
      groups: phase.groups,
      workload: id,
      title: workload.title,
      rounds: [],
    }
    records.push(record)
    const ready = await workload.prepare(ctx)
    if (typeof ready === 'string') {
      record.skipped = ready
      console.log(`[${config.name}] ${id} skipped: ${ready}`)
      continue
    }
    if (ready.notes !== undefined) record.notes = ready.notes
    prepared.set(record, ready)
  }
  const connections = { durationSeconds: options.durationSeconds, connections: options.connections }
  for (let round = 1; round <= options.rounds; round++) {
    for (const [record, ready] of prepared) {
      let spec = await ready.nextRun()
      if (round === 1 && ready.expectStatus !== undefined) {
        const first = spec.requests[0]
        const body = first?.body === undefined ? undefined : (JSON.parse(first.body) as unknown)
        const started = performance.now()
        await ctx.api.call(first?.method ?? 'GET', first?.path ?? '/', body, ready.expectStatus)
        const ms = performance.now() - started
        console.log(
          `[${config.name}] ${record.workload}: a single request alone took ${ms.toFixed(1)} ms`,
        )
        record.notes = { ...record.notes, singleRequestMs: Math.round(ms * 10) / 10 }
        await ready.afterRun?.()
        if (ms > TOO_SLOW_MS) {
          // Fifty connections would only queue requests that outlive the run and slow the next one.
          record.skipped = `a single request took ${Math.round(ms)} ms; load runs skipped`
          prepared.delete(record)
          continue
        }
      }
      // One run of the workload on the yardstick, then on the server(s), left as it was found.
      const runBoth = async (load: typeof connections) => {
        const yardstickRun = await withCpu([yardstick], () =>
          runOnAll(driver, spec, [yardstick.url], load),
        )
        const serverRun = await withCpu(servers, () =>
          runOnAll(
            driver,
            spec,
            servers.map((s) => s.url),
            load,
          ),
        )
        await drain(servers)
        await ready.afterRun?.()
        return { yardstickRun, serverRun }
      }
      if (round === 1 && options.warmupSeconds > 0) {
        // JIT compilation and the first fills of caches belong to no round: a short unmeasured
        // run first, on both servers, with the same requests.
        await runBoth({ ...connections, durationSeconds: options.warmupSeconds })
        spec = await ready.nextRun()
      }
      const { yardstickRun: yardstickResult, serverRun: serverResult } = await runBoth(connections)
      record.rounds.push({ round, yardstick: yardstickResult, server: serverResult })
      const label = `[${config.name}] ${record.workload} @${phase.groups.toLocaleString('en-US')} round ${round}`
      console.log(`${label}: yardstick ${fmt(yardstickResult)} | server ${fmt(serverResult)}`)
    }
  }
  for (const record of prepared.keys()) record.summary = summarise(record.rounds)
  return records
}

interface RssReading {
  /** 2 s after the last request. */
  soon: number[]
  /** After `rest` seconds without requests; absent when rest is 0. */
  rest?: number[]
}

/**
 * V8 keeps the young generation it grew during start-up or load until its memory reducer sees the
 * process idle, about 25–40 s later (bench/README.md, memory): RSS at rest is what a server left
 * alone uses, the reading 2 s after is what a short-lived test server shows. Both are kept.
 */
async function restingRss(servers: readonly Child[], restSeconds: number): Promise<RssReading> {
  await sleep(SETTLE_MS)
  const soon = servers.map((s) => s.rssMb())
  if (restSeconds * 1000 <= SETTLE_MS) return { soon }
  await sleep(restSeconds * 1000 - SETTLE_MS)
  return { soon, rest: servers.map((s) => s.rssMb()) }
}

const describe = (reading: RssReading) =>
  `${reading.soon.join(' / ')} MB 2 s after the last request` +
  (reading.rest === undefined ? '' : `, ${reading.rest.join(' / ')} MB at rest`)

async function runConfig(
  config: Config,
  options: BenchOptions,
  yardstick: Child,
  driver: LoadDriver,
): Promise<{ record: ConfigRecord; workloads: WorkloadRecord[]; token: BenchToken }> {
  const database: BenchDatabase =
    config.backend === 'sqlite' ? sqliteDatabase() : await postgresDatabase(options.pgUrl)
  const profileDir = options.profile ? `${RESULTS}profiles` : undefined
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true })
  const servers: Child[] = []
  try {
    // One at a time: the first migrates the database, the others find it migrated.
    const shared = {
      dbUrl: database.url,
      ...(profileDir === undefined ? {} : { profileDir }),
      ...(config.instances > 1 ? { publicUrl: 'http://graph-appproxy.bench.invalid' } : {}),
    }
    const startAll = async () => {
      for (let i = 0; i < config.instances; i++) servers.push(await startServerProcess(shared))
    }
    await startAll()
    const [firstPhase, ...rest] = phases(options)
    if (firstPhase === undefined) throw new Error('no workload selected')
    await (servers[0] as Child).ask({ type: 'seed-groups', total: firstPhase.groups })
    const idle = await restingRss(servers, options.restSeconds)
    console.log(`[${config.name}] idle RSS ${describe(idle)}`)
    if (idle.rest !== undefined) {
      // After that long at rest V8 has shrunk the young generation, and the next load ran about a
      // third slower for minutes (bench/README.md, memory): the workloads get fresh processes on
      // the same database, as after a restart.
      for (const server of servers.splice(0)) await server.stop()
      await startAll()
    }
    const first = servers[0] as Child
    const token = await benchToken(first)
    const ctx: PhaseContext = {
      api: new Api(first.url, () => ctx.token, first.adminKey),
      server: first,
      token: token.value,
    }
    const workloads: WorkloadRecord[] = []
    for (const phase of [firstPhase, ...rest]) {
      workloads.push(...(await runPhase(config, phase, ctx, servers, yardstick, driver, options)))
    }
    const after = await restingRss(servers, options.restSeconds)
    console.log(`[${config.name}] RSS after the runs ${describe(after)}`)
    return {
      record: {
        config: config.name,
        instances: config.instances,
        idleRssMb: idle.rest ?? idle.soon,
        afterRssMb: after.rest ?? after.soon,
        idleRssSoonMb: idle.soon,
        afterRssSoonMb: after.soon,
      },
      workloads,
      token,
    }
  } finally {
    for (const server of servers) await server.stop()
    await database.drop()
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2))
  const driver = pickDriver(options.driver)
  const machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  }
  console.log(
    `graph-appproxy bench: ${driver.name}, ${options.connections} connections, ${options.durationSeconds} s × ${options.rounds} rounds; ${machine.nproc} × ${machine.cpu}, Node ${machine.node}`,
  )
  const { configs, skipped } = await plan(options)
  for (const s of skipped) console.log(`[${s.config}] skipped: ${s.skipped}`)
  const startedAt = new Date()
  console.log('compiling the server and yardstick processes (tsc)…')
  compileChildren()
  const yardstick = await startYardstick()
  const configRecords: ConfigRecord[] = [...skipped]
  const workloads: WorkloadRecord[] = []
  let token: BenchToken | undefined
  try {
    for (const config of configs) {
      const done = await runConfig(config, options, yardstick, driver)
      configRecords.push(done.record)
      workloads.push(...done.workloads)
      token = done.token
    }
  } finally {
    await yardstick.stop()
  }
  console.log(`\n${table(workloads, configRecords)}`)
  if (token !== undefined) console.log(`token: ${token.note}`)
  const file = options.json ?? `${RESULTS}${startedAt.toISOString().replace(/[:.]/g, '-')}.json`
  mkdirSync(dirname(file), { recursive: true })
  const { pgUrl: _pgUrl, ...shownOptions } = options
  writeFileSync(
    file,
    `${JSON.stringify({ startedAt, machine, driver: driver.name, options: shownOptions, token: token?.note, configs: configRecords, workloads }, null, 2)}\n`,
  )
  console.log(`results: ${file}`)
}

await main()
