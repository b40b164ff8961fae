// The scale target (issue #7: W1, W2, W7 at 1,000,000 groups within 15% of their 1,000-group
// figures) is judged on the ratios to the yardstick, each measured in its own rounds, so that a
// slower host in the later phase does not count against the server.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { verdicts } from '../../../bench/report.js'
import type { Summary, WorkloadRecord } from '../../../bench/report.js'

const record = (groups: number, rps: number, yardstickRps: number): WorkloadRecord => {
  const summary: Summary = {
    rps,
    p50Ms: 1,
    p99Ms: 5,
    errors: 0,
    yardstickRps,
    ratio: rps / yardstickRps,
  }
  return { config: 'sqlite', groups, workload: 'W2', title: 'W2', rounds: [], summary }
}

test('a slower host at 1M is not a drop: the ratio held', () => {
  const small = record(1_000, 12_000, 30_000)
  const large = record(1_000_000, 6_000, 15_000)
  const found = verdicts(large, [small, large])
  assert.ok(found.includes('vs 1k +0% ok (req/s -50%)'), found.join(', '))
})

test('a ratio that fell by more than 15% misses, whatever the req/s did', () => {
  const small = record(1_000, 12_000, 30_000)
  const large = record(1_000_000, 12_000, 40_000)
  const found = verdicts(large, [small, large])
  assert.ok(found.includes('vs 1k -25% MISS (req/s +0%)'), found.join(', '))
})
