// The bench's CPU figures: a process's CPU time read from /proc, and the per-round medians of CPU
// per request and of the yardstick's CPU over the server's.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cpuSeconds } from '../../../bench/processes.js'
import { summarise } from '../../../bench/report.js'
import type { RoundRecord } from '../../../bench/report.js'
import type { LoadResult } from '../../../bench/drivers/load.js'

test('cpuSeconds follows what process.cpuUsage says this process used', () => {
  const before = cpuSeconds(process.pid)
  const usageBefore = process.cpuUsage()
  const until = Date.now() + 300
  while (Date.now() < until);
  const usage = process.cpuUsage(usageBefore)
  const used = cpuSeconds(process.pid) - before
  const expected = (usage.user + usage.system) / 1e6
  // /proc counts in 10 ms ticks, and other threads of this process (GC) count there too.
  assert.ok(Math.abs(used - expected) <= 0.05, `${used} s read, ${expected} s expected`)
})

const run = (rps: number, cpuUsPerRequest?: number): LoadResult => ({
  driver: 'wrk',
  requests: rps * 8,
  durationSeconds: 8,
  rps,
  p50Ms: 1,
  p99Ms: 2,
  errors: 0,
  ...(cpuUsPerRequest === undefined ? {} : { cpuUsPerRequest }),
})

test('the summary gives the median CPU per request and the median CPU ratio', () => {
  const rounds: RoundRecord[] = [
    { round: 1, yardstick: run(30_000, 30), server: run(10_000, 100) },
    { round: 2, yardstick: run(20_000, 40), server: run(8_000, 80) },
    { round: 3, yardstick: run(25_000, 33), server: run(9_000, 110) },
  ]
  const summary = summarise(rounds)
  assert.equal(summary.cpuUsPerRequest, 100)
  // 0.3, 0.5 and 0.3: the median of the ratios, not the ratio of the medians (0.33).
  assert.equal(summary.cpuRatio, 0.3)
})

test('rounds without CPU figures (another platform) leave them out of the summary', () => {
  const summary = summarise([{ round: 1, yardstick: run(30_000), server: run(10_000) }])
  assert.equal(summary.cpuUsPerRequest, undefined)
  assert.equal(summary.cpuRatio, undefined)
})
