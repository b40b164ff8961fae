// The admin API (issue #2 §5): what a connector's own software would do (register, heartbeat),
// under its own prefix and protected by the admin key. Not a Graph surface.
import type { FastifyInstance } from 'fastify'
import type { PermissionTable } from '../../auth/permissions.js'
import { recordHeartbeat, registerConnector } from '../../domain/connectors.js'
import { FixturesInvalid, loadFixtures, parseFixtures } from '../../domain/fixtures.js'
import { permissionReport } from '../../domain/permission-usage.js'
import type { UsageRecorder } from '../../domain/permission-usage.js'
import type { DomainDeps } from '../../domain/context.js'
import { requireTenant } from '../../domain/tenants.js'
import { errors } from '../../errors/catalogue.js'
import { adminKeyCheck } from '../plugins/admin-key.js'
import { jsonObjectBody } from '../request-body.js'

export const ADMIN_PREFIX = '/_admin'

export interface AdminDeps extends DomainDeps {
  adminKey: string
  defaultTenantId: () => Promise<string>
  /** For the least-privilege report and fixtures (issue #3 §4, §5). */
  identity: { permissions: PermissionTable; usage: UsageRecorder; rotateKeys(): Promise<void> }
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw errors.badRequest(`${name} must be a string.`)
  return value
}

export function adminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const tenantOf = async (body: Record<string, unknown>) => {
    const tenant = optionalString(body, 'tenantId')
    return tenant === undefined ? deps.defaultTenantId() : (await requireTenant(deps, tenant)).id
  }

  app.register(
    async (admin) => {
      admin.addHook('onRequest', adminKeyCheck(deps.adminKey))

      admin.get('/tenants', async () => ({
        value: await deps.store.read((tx) => tx.tenants.list()),
      }))

      admin.post('/connectors', async (request, reply) => {
        const body = jsonObjectBody(request)
        const tenantId = await tenantOf(body)
        const version = optionalString(body, 'version')
        const registered = await registerConnector(deps, tenantId, {
          machineName: optionalString(body, 'machineName') ?? '',
          externalIp: optionalString(body, 'externalIp') ?? '',
          ...(version === undefined ? {} : { version }),
        })
        return reply.code(201).send({ tenantId, ...registered })
      })

      // Per client application: operations called, the least privileged permissions that cover
      // them, and what it holds but never needed. ?tenantId narrows it to one tenant.
      admin.get<{ Querystring: { tenantId?: string } }>('/permissions/report', async (request) => {
        await deps.identity.usage.flush()
        const tenant = request.query.tenantId
        const tenantId = tenant === undefined ? undefined : (await requireTenant(deps, tenant)).id
        return { value: await permissionReport(deps, deps.identity.permissions, tenantId) }
      })

      // A new signing key; the previous one stays in the JWKS, so tokens already out keep working.
      admin.post('/signing-keys/rotate', async (_request, reply) => {
        await deps.identity.rotateKeys()
        return reply.code(204).send()
      })

      admin.post('/fixtures', async (request) => {
        try {
          return await loadFixtures(deps, parseFixtures(request.body))
        } catch (error) {
          if (error instanceof FixturesInvalid) throw errors.badRequest(error.message)
          throw error
        }
      })

      admin.post<{ Params: { id: string } }>(
        '/connectors/:id/heartbeat',
        async (request, reply) => {
          const body = request.body === undefined ? {} : jsonObjectBody(request)
          const seen: { externalIp?: string; version?: string } = {}
          const externalIp = optionalString(body, 'externalIp')
          const version = optionalString(body, 'version')
          if (externalIp !== undefined) seen.externalIp = externalIp
          if (version !== undefined) seen.version = version
          await recordHeartbeat(deps, await tenantOf(body), request.params.id, seen)
          return reply.code(204).send()
        },
      )
    },
    { prefix: ADMIN_PREFIX },
  )
}
