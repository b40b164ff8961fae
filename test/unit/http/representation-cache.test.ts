// What the answer cache keeps: a repeated GET is answered without the handler until the data
// changes, and a page reached through a nextLink is always read afresh (it is never looked up).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import type { GraphRequestState } from '../../../src/http/graph-request.js'
import odataHeaders from '../../../src/http/plugins/odata-headers.js'
import representationCache from '../../../src/http/plugins/representation-cache.js'

async function appCountingReads() {
  let generation = 0
  let reads = 0
  const app = Fastify()
  // Stands in for the real request context, which needs a verified token: what the cache reads.
  const requestContext = fp(
    async (instance) => {
      instance.addHook('onRequest', (request, _reply, done) => {
        request.graph = {
          ctx: { tenantId: 't', requestId: 'r' },
          scope: { serviceRoot: 'https://graph.example/beta' },
        } as unknown as GraphRequestState
        done()
      })
    },
    { name: 'request-context' },
  )
  await app.register(requestContext)
  await app.register(odataHeaders)
  await app.register(representationCache, {
    readGeneration: () => generation,
    now: () => new Date(),
  })
  app.get('/items', { config: { cache: 'data' } }, async (_request, reply) => {
    reads++
    return reply.type('application/json').send(JSON.stringify({ reads }))
  })
  return {
    app,
    reads: () => reads,
    write: () => void generation++,
  }
}

test('a repeated GET is answered from the cache until the data changes', async () => {
  const { app, reads, write } = await appCountingReads()
  for (let i = 0; i < 3; i++) assert.equal((await app.inject('/items?$top=2')).statusCode, 200)
  assert.equal(reads(), 1)
  write()
  assert.equal((await app.inject('/items?$top=2')).json().reads, 2)
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
