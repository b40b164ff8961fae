// What the answer cache keeps: a repeated GET is answered without the handler until the data
// changes, and a page reached through a nextLink is always read afresh (it is never looked up).
// Requests that arrive while the same answer is being read wait for it, unless the data changed
// in between or the read cannot be shared.
import assert from 'node:assert/strict'
import { request as httpGet } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setImmediate as turn } from 'node:timers/promises'
import { test } from 'node:test'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import type { GraphRequestState } from '../../../src/http/graph-request.js'
import odataHeaders from '../../../src/http/plugins/odata-headers.js'
import representationCache from '../../../src/http/plugins/representation-cache.js'

async function appCountingReads() {
  let generation = 0
  let reads = 0
  let arrived = 0
  let looks = 0
  let failNextLook = false
  // The request arriving with this header commits a write as it arrives (another process's).
  const WRITES_ON_ARRIVAL = 'x-writes-on-arrival'
  // The next read waits for this promise, or answers 404 (a read whose answer is not kept).
  let hold: Promise<void> | undefined
  let failNext = false
  // Closing drops open connections too, so that a failed test cannot keep the process alive.
  const app = Fastify({ forceCloseConnections: true })
  app.addHook('onRequest', (request, _reply, done) => {
    arrived++
    if (request.headers[WRITES_ON_ARRIVAL] !== undefined) generation++
    done()
  })
  // Stands in for the real request context, which needs a verified token: what the cache reads.
  const requestContext = fp(
    async (instance) => {
      instance.addHook('onRequest', (request, _reply, done) => {
        request.graph = {
          ctx: { tenantId: 't', requestId: 'r' },
          scope: { serviceRoot: 'https://graph.example/beta' },
          route: request.routeOptions.config,
        } as unknown as GraphRequestState
        done()
      })
    },
    { name: 'request-context' },
  )
  await app.register(requestContext)
  await app.register(odataHeaders)
  await app.register(representationCache, {
    readGeneration: () => {
      looks++
      if (failNextLook) {
        failNextLook = false
        throw new Error('the database is gone')
      }
      return generation
    },
    now: () => new Date(),
  })
  app.get('/items', { config: { cache: 'data' } }, async (_request, reply) => {
    const read = ++reads
    const held = hold
    hold = undefined
    if (held !== undefined) await held
    if (failNext) {
      failNext = false
      return reply.code(404).send({ error: 'gone' })
    }
    return reply.type('application/json').send(JSON.stringify({ read }))
  })
  return {
    app,
    reads: () => reads,
    arrived: () => arrived,
    looks: () => looks,
    failNextLook: () => void (failNextLook = true),
    writesOnArrival: { [WRITES_ON_ARRIVAL]: '1' },
    write: () => void generation++,
    /** Holds the next read until the returned function is called. */
    holdNextRead: (): (() => void) => {
      let release = () => {}
      hold = new Promise((resolve) => (release = resolve))
      return release
    },
    failNextRead: () => void (failNext = true),
  }
}

/** Lets the requests already sent reach the cache's hook. */
async function settle(arrived: () => number, expected: number): Promise<void> {
  while (arrived() < expected) await turn()
  for (let i = 0; i < 5; i++) await turn()
}

test('a repeated GET is answered from the cache until the data changes', async () => {
  const { app, reads, write } = await appCountingReads()
  for (let i = 0; i < 3; i++) assert.equal((await app.inject('/items?$top=2')).statusCode, 200)
  assert.equal(reads(), 1)
  write()
  assert.equal((await app.inject('/items?$top=2')).json().read, 2)
  await app.close()
})

test('requests that arrive together share one look at the generation', async () => {
  const { app, reads, looks } = await appCountingReads()
  await app.inject('/items')
  const before = looks()
  const answers = await Promise.all(Array.from({ length: 5 }, () => app.inject('/items')))
  assert.deepEqual(
    answers.map((answer) => answer.json()),
    Array.from({ length: 5 }, () => ({ read: 1 })),
  )
  assert.equal(looks(), before + 1)
  assert.equal(reads(), 1)
  await app.close()
})

test('the shared look comes after every request it serves: a write as the last arrives is seen by all', async () => {
  const { app, reads, writesOnArrival } = await appCountingReads()
  await app.inject('/items')
  const answers = await Promise.all([
    app.inject('/items'),
    app.inject('/items'),
    app.inject({ url: '/items', headers: writesOnArrival }),
  ])
  assert.deepEqual(
    answers.map((answer) => answer.json()),
    [{ read: 2 }, { read: 2 }, { read: 2 }],
  )
  assert.equal(reads(), 2)
  await app.close()
})

test('when the look at the generation fails, the requests waiting for it fail and the next ones are served', async () => {
  const { app, failNextLook } = await appCountingReads()
  await app.inject('/items')
  failNextLook()
  const failed = await Promise.all(Array.from({ length: 3 }, () => app.inject('/items')))
  assert.deepEqual(
    failed.map((answer) => answer.statusCode),
    [500, 500, 500],
  )
  assert.equal((await app.inject('/items')).statusCode, 200)
  await app.close()
})

test('a page reached through a nextLink is read afresh every time, however it is spelt', async () => {
  const { app, reads } = await appCountingReads()
  const pages = [
    '/items?$top=2&$skiptoken=abc',
    '/items?$skiptoken=abc',
    '/items?%24skiptoken=abc',
    '/items?SkipToken=abc',
    '/items?$top=2&$SKIPTOKEN=abc',
  ]
  for (const page of pages) {
    const before = reads()
    await app.inject(page)
    await app.inject(page)
    assert.equal(reads(), before + 2, page)
  }
  // Not fooled by a value or another option that merely contains the word.
  await app.inject("/items?$filter=name eq 'skiptoken=1'")
  await app.inject("/items?$filter=name eq 'skiptoken=1'")
  const before = reads()
  await app.inject("/items?$filter=name eq 'skiptoken=1'")
  assert.equal(reads(), before)
  await app.close()
})

test('requests that arrive while an answer is read wait for it and share it', async () => {
  const { app, reads, arrived, holdNextRead } = await appCountingReads()
  const release = holdNextRead()
  const responses = Array.from({ length: 5 }, () => app.inject('/items'))
  await settle(arrived, 5)
  assert.equal(reads(), 1)
  release()
  for (const response of await Promise.all(responses)) {
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), { read: 1 })
    assert.match(String(response.headers['content-type']), /^application\/json;odata.metadata/)
  }
  assert.equal(reads(), 1)
  await app.close()
})

test('a request that arrives after a write does not wait for a read begun before it', async () => {
  const { app, reads, arrived, holdNextRead, write } = await appCountingReads()
  const release = holdNextRead()
  const first = app.inject('/items')
  await settle(arrived, 1)
  write()
  const second = await app.inject('/items')
  assert.deepEqual(second.json(), { read: 2 })
  release()
  assert.deepEqual((await first).json(), { read: 1 })
  // The first read began before the write: not kept, so the next request is given the second's.
  assert.deepEqual((await app.inject('/items')).json(), { read: 2 })
  assert.equal(reads(), 2)
  await app.close()
})

test('when the read they wait for fails, each waiting request reads for itself', async () => {
  const { app, reads, arrived, holdNextRead, failNextRead } = await appCountingReads()
  const release = holdNextRead()
  failNextRead()
  const responses = Array.from({ length: 3 }, () => app.inject('/items'))
  await settle(arrived, 3)
  release()
  const [first, ...others] = await Promise.all(responses)
  assert.equal(first?.statusCode, 404)
  assert.deepEqual(
    others.map((r) => r.statusCode),
    [200, 200],
  )
  assert.equal(reads(), 3)
  await app.close()
})

test('when the client of the read they wait for goes away, the waiting request reads for itself', async () => {
  const { app, arrived, holdNextRead } = await appCountingReads()
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const get = () => {
    const request = httpGet({ host: '127.0.0.1', port, path: '/items' })
    const body = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (response) => {
        let text = ''
        response.on('data', (chunk: Buffer) => (text += chunk.toString()))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }))
      })
      request.on('error', reject)
    })
    request.end()
    return { request, body }
  }
  const release = holdNextRead()
  const leader = get()
  leader.body.catch(() => undefined)
  let waiter: ReturnType<typeof get> | undefined
  try {
    await settle(arrived, 1)
    waiter = get()
    await settle(arrived, 2)
    leader.request.destroy()
    // Without the abort handling the waiter would wait for the held read for ever.
    const answer = await Promise.race([
      waiter.body,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the waiting request was never answered')), 3_000),
      ),
    ])
    assert.equal(answer.status, 200)
    assert.deepEqual(JSON.parse(answer.text), { read: 2 })
  } finally {
    release()
    waiter?.request.destroy()
    await app.close()
  }
})
