// Bounds how long one turn of the event loop spends on read requests, so that a saturated server
// still accepts connections and reads its sockets often. libuv accepts one connection per turn
// (libuv/libuv#3696): when fifty requests of half a millisecond each are ready, a turn lasts
// 25 ms, and the fiftieth connection a client opens at once is accepted more than a second after
// the first (W8 in bench/README.md). Reads past the budget wait, in arrival order, and are let
// through a few at a time, one group per turn.
//
// GET only: a read is all work on the event loop, and splitting it across turns changes nothing
// but when it runs. Writes are left alone, since the requests of one turn share one commit and
// its fsync (src/store/group-commit.ts), and smaller groups would mean more of them.
//
// It runs after the representation cache, whose hits cost microseconds and answer before
// reaching this hook; what arrives here is a read that does real work.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Two milliseconds: fifty connections opened at once are all accepted within about 0.1 s while a
 * few reads of half a millisecond run per turn; a turn costs some microseconds (a poll of the
 * sockets), noise against that.
 */
export const DEFAULT_TURN_BUDGET_MS = 2

/** A floor on the measured cost of a read, so that a quiet stretch cannot let a flood through. */
const MIN_PER_READ = 0.01

export interface TurnBudgetOptions {
  /** Milliseconds of read work one turn may start before later reads wait; 0: none waits. */
  budgetMs: number
  /** The clock, in milliseconds; for tests. */
  now?: () => number
}

async function turnBudget(app: FastifyInstance, options: TurnBudgetOptions): Promise<void> {
  const budget = options.budgetMs
  if (budget <= 0) return
  const now = options.now ?? (() => performance.now())
  // When this turn's first read started (undefined until one does, and again after the turn),
  // and how many it let through at once.
  let turnStarted: number | undefined
  let turnReads = 0
  const waiting: Array<() => void> = []
  // How long a read takes: first from the reads a turn let through before one had to wait, then
  // from one group to the next (the reads of the group, and whatever the turn between did).
  let perRead = budget
  let lastGroupAt = 0
  let lastGroupSize = 0

  const endTurn = (): void => {
    turnStarted = undefined
  }

  const letThrough = (): void => {
    const at = now()
    if (lastGroupSize > 0) perRead = Math.max((at - lastGroupAt) / lastGroupSize, MIN_PER_READ)
    const group = waiting.splice(0, Math.max(1, Math.floor(budget / perRead)))
    lastGroupAt = at
    // Scheduled from the check phase, the next group runs in the next turn, after its poll.
    if (waiting.length > 0) setImmediate(letThrough)
    lastGroupSize = waiting.length > 0 ? group.length : 0
    for (const done of group) done()
  }

  app.addHook('preHandler', (request, _reply, done) => {
    if (request.method !== 'GET') {
      done()
      return
    }
    const at = now()
    if (turnStarted === undefined) {
      turnStarted = at
      turnReads = 0
      setImmediate(endTurn)
    }
    // Behind others already waiting, or past this turn's budget: wait for a later turn.
    if (waiting.length === 0 && at - turnStarted <= budget) {
      turnReads++
      done()
      return
    }
    waiting.push(done)
    if (waiting.length === 1) {
      if (turnReads > 0) perRead = Math.max((at - turnStarted) / turnReads, MIN_PER_READ)
      setImmediate(letThrough)
    }
  })
}

export default fp(turnBudget, {
  name: 'turn-budget',
  dependencies: ['representation-cache'],
})
