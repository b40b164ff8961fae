// The turn budget (src/http/plugins/turn-budget.ts): reads past a turn's budget wait for later
// turns and run in the order they arrived; writes never wait; a budget of 0 lets everything through.
// The clock is the test's: each read "takes" a millisecond of it, so which turn runs which read
// does not depend on the speed of the machine.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import turnBudget from '../../../src/http/plugins/turn-budget.js'

async function appWithBudget(budgetMs: number) {
  let clock = 0
  let turn = 0
  let ticking = true
  // Counts turns of the event loop: one tick per check phase while the test runs.
  const tick = () => {
    turn++
    if (ticking) setImmediate(tick)
  }
  setImmediate(tick)
  const ran: Array<{ name: string; turn: number }> = []
  const app = Fastify()
  // The plugin orders itself after the representation cache; a stand-in of that name.
  await app.register(fp(async () => {}, { name: 'representation-cache' }))
  await app.register(turnBudget, { budgetMs, now: () => clock })
  const work = (name: string) => {
    ran.push({ name, turn })
    clock += 1
    return { name }
  }
  app.get('/read/:name', async (request) => work((request.params as { name: string }).name))
  app.post('/write/:name', async (request) => work((request.params as { name: string }).name))
  await app.ready()
  return {
    app,
    ran,
    stop: async () => {
      ticking = false
      await app.close()
    },
  }
}

test('reads past the budget wait for later turns, a few per turn, in the order they came', async () => {
  const { app, ran, stop } = await appWithBudget(2)
  const names = Array.from({ length: 12 }, (_, i) => `r${i}`)
  const responses = await Promise.all(names.map((name) => app.inject(`/read/${name}`)))
  await stop()
  assert.deepEqual(
    responses.map((r) => r.statusCode),
    names.map(() => 200),
  )
  assert.deepEqual(
    responses.map((r) => r.json().name),
    names,
  )
  assert.deepEqual(
    ran.map((r) => r.name),
    names,
    'first come, first served',
  )
  const perTurn = new Map<number, number>()
  for (const { turn } of ran) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1)
  assert.ok(perTurn.size >= 4, `12 reads of 1 ms with a 2 ms budget ran in ${perTurn.size} turns`)
  // The first turn runs up to the budget inline and its first group; later turns one group each.
  for (const count of perTurn.values()) assert.ok(count <= 5, `a turn ran ${count} reads`)
})

test('writes do not wait behind reads', async () => {
  const { app, ran, stop } = await appWithBudget(2)
  const reads = Array.from({ length: 8 }, (_, i) => app.inject(`/read/r${i}`))
  const write = app.inject({ method: 'POST', url: '/write/w' })
  await Promise.all([...reads, write])
  await stop()
  const order = ran.map((r) => r.name)
  assert.ok(
    order.indexOf('w') < order.indexOf('r7'),
    `the write ran after every read: ${order.join(' ')}`,
  )
})

test('a budget of 0 lets every read through at once', async () => {
  const { app, ran, stop } = await appWithBudget(0)
  await Promise.all(Array.from({ length: 12 }, (_, i) => app.inject(`/read/r${i}`)))
  await stop()
  assert.equal(new Set(ran.map((r) => r.turn)).size, 1)
})
