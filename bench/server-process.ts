// graph-appproxy in a process of its own, so that its RSS is measured alone and the load generator
// never shares its event loop. bench/run.ts compiles it (bench/tsconfig.build.json) and runs it
// with plain `node`; it talks to it over the IPC channel (messages in bench/protocol.ts).
import { parseArgs } from 'node:util'
import { DEFAULTS } from '../src/config.js'
import { startServer } from '../src/server.js'
import { deleteGroupsNamed, sampleGroupIds, seedConnectorGroups } from './seed-store.js'
import type { ServerReply, ServerRequest } from './protocol.js'

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string', default: '0' },
    // Several instances name one origin in their tokens, as behind a load balancer (src/domain/issuer.ts).
    'public-url': { type: 'string', default: '' },
    'seed-groups': { type: 'string' },
  },
})
if (values.db === undefined) throw new Error('--db <sqlite file | postgres://…> is required')

const server = await startServer({
  ...DEFAULTS,
  dbUrl: values.db,
  port: Number(values.port),
  publicUrl: values['public-url'],
  // A request log line costs more than some of the requests measured.
  logLevel: 'silent',
  // Three instances share one PostgreSQL; ten connections each is the production default.
  dbPoolSize: DEFAULTS.dbPoolSize,
})
const tenantId = server.developmentTenant.id
const send = (reply: ServerReply) => process.send?.(reply)

if (values['seed-groups'] !== undefined) {
  await seedConnectorGroups(server.store.db, tenantId, Number(values['seed-groups']))
}

async function stop(): Promise<never> {
  await server.close()
  // Exiting (rather than being killed) is what makes --cpu-prof write its profile.
  process.exit(0)
}

process.on('message', (request: ServerRequest) => {
  const handle = async (): Promise<ServerReply | undefined> => {
    switch (request.type) {
      case 'seed-groups': {
        const started = performance.now()
        const added = await seedConnectorGroups(server.store.db, tenantId, request.total)
        return { type: 'seeded', added, ms: Math.round(performance.now() - started) }
      }
      case 'delete-groups':
        return {
          type: 'deleted',
          count: await deleteGroupsNamed(server.store.db, tenantId, request.prefix),
        }
      case 'sample-groups':
        return {
          type: 'sampled',
          ids: await sampleGroupIds(server.store.db, tenantId, request.count),
        }
      case 'stop':
        return stop()
    }
  }
  handle().then(
    (reply) => reply !== undefined && send(reply),
    (error: unknown) => send({ type: 'error', message: String((error as Error).stack ?? error) }),
  )
})
process.on('SIGTERM', () => void stop())
process.on('disconnect', () => void stop())

const { app, admin } = server.developmentIdentity
const identity = {
  appId: app.appId,
  userPrincipalName: admin.userPrincipalName,
  password: admin.password,
}
send({ type: 'ready', url: server.url, adminKey: server.adminKey, tenantId, identity })
