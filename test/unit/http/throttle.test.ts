// The token buckets behind throttling (spec §7.4), on a clock the test moves.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { envName, resolveConfig } from '../../../src/config.js'
import { TokenBuckets } from '../../../src/http/plugins/throttle.js'

const clock = () => {
  let ms = 1_000_000
  return { now: () => new Date(ms), advance: (by: number) => void (ms += by) }
}

test('a bucket allows its burst, then refuses with the seconds until a token is back', () => {
  const time = clock()
  const buckets = new TokenBuckets({ requestsPerSecond: 0.5, burst: 2, now: time.now })
  assert.deepEqual(buckets.take('t/a'), { allowed: true, used: 0.5, retryAfterSeconds: 0 })
  assert.deepEqual(buckets.take('t/a'), { allowed: true, used: 1, retryAfterSeconds: 0 })
  assert.deepEqual(buckets.take('t/a'), { allowed: false, used: 1.5, retryAfterSeconds: 2 })
  assert.equal(buckets.take('t/b').allowed, true, 'another key has its own bucket')
  time.advance(1000)
  assert.equal(buckets.take('t/a').retryAfterSeconds, 1)
  time.advance(1000)
  assert.equal(buckets.take('t/a').allowed, true)
})

test('a bucket never holds more than its burst, however long it was idle', () => {
  const time = clock()
  const buckets = new TokenBuckets({ requestsPerSecond: 10, burst: 3, now: time.now })
  time.advance(3_600_000)
  const verdicts = Array.from({ length: 4 }, () => buckets.take('k').allowed)
  assert.deepEqual(verdicts, [true, true, true, false])
})

test('burst 0 means one second’s worth, at least one', () => {
  const time = clock()
  const slow = new TokenBuckets({ requestsPerSecond: 0.1, burst: 0, now: time.now })
  assert.deepEqual([slow.take('k').allowed, slow.take('k').allowed], [true, false])
  const fast = new TokenBuckets({ requestsPerSecond: 3, burst: 0, now: time.now })
  assert.deepEqual(
    [1, 2, 3, 4].map(() => fast.take('k').allowed),
    [true, true, true, false],
  )
})

test('the throttle options take fractions per second and refuse negatives', () => {
  const config = resolveConfig({
    env: { [envName('throttleRequestsPerSecond')]: '0.25', [envName('throttleBurst')]: '5' },
  })
  assert.equal(config.throttleRequestsPerSecond, 0.25)
  assert.equal(config.throttleBurst, 5)
  assert.throws(
    () => resolveConfig({ flags: { throttleRequestsPerSecond: '-1' } }),
    /throttleRequestsPerSecond/,
  )
  assert.throws(
    () => resolveConfig({ flags: { throttleRequestsPerSecond: '' } }),
    /throttleRequestsPerSecond/,
  )
})
