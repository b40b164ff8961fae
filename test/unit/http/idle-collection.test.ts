// The idle collection (src/http/plugins/idle-collection.ts): once per quiet spell that follows
// requests, never while requests keep coming, never for a server that has served none, and not at
// all with 0. Real timers on a short quiet spell; the collection is the test's.
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import { PerformanceObserver, constants } from 'node:perf_hooks'
import Fastify from 'fastify'
import idleCollection, { fullCollection } from '../../../src/http/plugins/idle-collection.js'

const QUIET_MS = 60

/** Waits for `condition`, up to a bound far above QUIET_MS (timers run late on a busy machine). */
async function eventually(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000
  while (!condition()) {
    if (Date.now() > deadline) assert.fail('timed out')
    await sleep(10)
  }
}

async function appCollecting(quietMs = QUIET_MS) {
  let collections = 0
  const app = Fastify()
  await app.register(idleCollection, {
    quietMs,
    collect: async () => {
      collections++
    },
  })
  app.get('/', async () => ({ ok: true }))
  await app.ready()
  return { app, collections: () => collections }
}

test('collects once after a quiet spell that follows requests, and again after the next', async () => {
  const { app, collections } = await appCollecting()
  try {
    await app.inject('/')
    await app.inject('/')
    await eventually(() => collections() === 1)
    await sleep(QUIET_MS * 3)
    assert.equal(collections(), 1, 'one collection per quiet spell')
    await app.inject('/')
    await eventually(() => collections() === 2)
  } finally {
    await app.close()
  }
})

test('does not collect while requests keep coming, nor for a server that served none', async () => {
  // A longer quiet spell here: the requests below must come well inside it.
  const quietMs = 400
  const { app, collections } = await appCollecting(quietMs)
  try {
    await sleep(quietMs * 2)
    assert.equal(collections(), 0, 'never busy')
    const until = Date.now() + quietMs * 3
    while (Date.now() < until) {
      await app.inject('/')
      await sleep(20)
    }
    assert.equal(collections(), 0, 'busy throughout')
  } finally {
    await app.close()
  }
})

test('0 turns it off; closing the app stops the timer', async () => {
  const off = await appCollecting(0)
  await off.app.inject('/')
  await sleep(QUIET_MS)
  assert.equal(off.collections(), 0)
  await off.app.close()

  const { app, collections } = await appCollecting()
  await app.inject('/')
  await app.close()
  await sleep(QUIET_MS * 2.5)
  assert.equal(collections(), 0, 'no collection after close')
})

test('the default collection is a full collection by V8, run now, again when asked', async () => {
  const majors: string[] = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { kind } = (entry as unknown as { detail: { kind: number } }).detail
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors.push(entry.name)
    }
  })
  observer.observe({ entryTypes: ['gc'] })
  try {
    await fullCollection()
    await fullCollection()
    await eventually(() => majors.length >= 2)
  } finally {
    observer.disconnect()
  }
})
