// The page reader's pending reads (src/store/sqlite/pending-reads.ts): taken once, by id. What
// they are for, keeping answered pages out of V8's old generation, is measured by the benchmark
// (W8's p99 and GC, bench/README.md), not asserted here.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { PendingReads } from '../../../src/store/sqlite/pending-reads.js'

test('an entry is taken once, by its id; the size counts what is pending', () => {
  const reads = new PendingReads<string>()
  reads.add(1, 'one')
  reads.add(2, 'two')
  reads.add(3, 'three')
  assert.equal(reads.size, 3)
  assert.equal(reads.take(2), 'two')
  assert.equal(reads.take(2), undefined)
  assert.equal(reads.take(9), undefined)
  assert.equal(reads.size, 2)
  assert.deepEqual(reads.takeAll().sort(), ['one', 'three'])
  assert.equal(reads.size, 0)
  assert.equal(reads.take(1), undefined)
})

test('an id pending twice is refused, and the first entry kept', () => {
  const reads = new PendingReads<string>()
  reads.add(7, 'first')
  assert.throws(() => reads.add(7, 'second'), /7 is already pending/)
  assert.equal(reads.size, 1)
  assert.equal(reads.take(7), 'first')
})

test('entries that are falsy are still entries', () => {
  const reads = new PendingReads<number>()
  reads.add(1, 0)
  assert.equal(reads.size, 1)
  assert.equal(reads.take(1), 0)
  assert.equal(reads.size, 0)
})
