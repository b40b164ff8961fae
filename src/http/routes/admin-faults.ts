// The admin API's fault rules (plugins/faults.ts): add, list and remove the errors and latency
// the next matching Graph requests get. Same prefix and admin key as routes/admin.ts.
import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors/catalogue.js'
import { FAULT_STATUSES } from '../plugins/faults.js'
import type { FaultInput, FaultRegistry, FaultStatus } from '../plugins/faults.js'
import { adminKeyCheck } from '../plugins/admin-key.js'
import { jsonObjectBody } from '../request-body.js'
import { ADMIN_PREFIX } from './admin.js'

export interface AdminFaultDeps {
  adminKey: string
  faults: FaultRegistry
  now: () => Date
}

const MEMBERS = new Set(['method', 'path', 'status', 'count', 'retryAfterSeconds', 'delayMs'])
const MAX_DELAY_MS = 60_000

function wholeNumber(
  body: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw errors.badRequest(`${name} must be a whole number from ${min} to ${max}.`)
  }
  return value
}

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value === '')
    throw errors.badRequest(`${name} must be a non-empty string.`)
  return value
}

/** The request body as a fault rule, or a 400 naming what is wrong; nothing is stored before. */
export function parseFaultInput(body: Record<string, unknown>): FaultInput {
  for (const name of Object.keys(body)) {
    if (!MEMBERS.has(name))
      throw errors.badRequest(`Unknown member '${name}'; expected ${[...MEMBERS].join(', ')}.`)
  }
  const status = body.status ?? undefined
  if (status !== undefined && !FAULT_STATUSES.includes(status as FaultStatus)) {
    throw errors.badRequest(`status must be one of ${FAULT_STATUSES.join(', ')}.`)
  }
  const input: FaultInput = {}
  const method = text(body, 'method')
  const path = text(body, 'path')
  const count = wholeNumber(body, 'count', 1, 1_000_000)
  const retryAfterSeconds = wholeNumber(body, 'retryAfterSeconds', 0, 86_400)
  const delayMs = wholeNumber(body, 'delayMs', 0, MAX_DELAY_MS)
  if (status === undefined && (delayMs ?? 0) === 0) {
    throw errors.badRequest('A fault needs a status, a delayMs, or both.')
  }
  if (path !== undefined) {
    try {
      new RegExp(path, 'i')
    } catch {
      throw errors.badRequest(`path '${path}' is not a valid regular expression.`)
    }
  }
  if (method !== undefined) input.method = method
  if (path !== undefined) input.path = path
  if (status !== undefined) input.status = status as FaultStatus
  if (count !== undefined) input.count = count
  if (retryAfterSeconds !== undefined) input.retryAfterSeconds = retryAfterSeconds
  if (delayMs !== undefined) input.delayMs = delayMs
  return input
}

export function adminFaultRoutes(app: FastifyInstance, deps: AdminFaultDeps): void {
  app.register(
    async (admin) => {
      admin.addHook('onRequest', adminKeyCheck(deps.adminKey))

      admin.post('/faults', async (request, reply) => {
        const fault = deps.faults.add(parseFaultInput(jsonObjectBody(request)), deps.now())
        return reply.code(201).send(fault)
      })

      admin.get('/faults', async () => ({ value: deps.faults.list() }))

      admin.delete('/faults', async (_request, reply) => {
        deps.faults.clear()
        return reply.code(204).send()
      })

      admin.delete<{ Params: { id: string } }>('/faults/:id', async (request, reply) => {
        if (!deps.faults.remove(request.params.id)) throw errors.resourceNotFound(request.params.id)
        return reply.code(204).send()
      })
    },
    { prefix: ADMIN_PREFIX },
  )
}
