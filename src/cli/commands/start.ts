// `graph-appproxy start`: serve Graph on the configured database until interrupted.
import { Command } from 'commander'
import { describeConfig } from '../../config.js'
import { startServer } from '../../server.js'
import { configFrom, withConfigOptions } from '../config-options.js'

export function startCommand(): Command {
  const command = new Command('start')
    .description('start the server (creates the database and a development tenant on first run)')
    .addHelpText(
      'after',
      '\nExample:\n  graph-appproxy start --port 5080 --data-dir ./.graph-appproxy\n',
    )
  return withConfigOptions(command).action(async (options: Record<string, unknown>) => {
    const config = configFrom(options)
    const server = await startServer(config)
    const lines = [
      `graph-appproxy listening on ${server.url}`,
      `  Graph beta:     ${server.url}/beta/onPremisesPublishingProfiles/applicationProxy`,
      `  tenant:         ${server.developmentTenant.id} (${server.developmentTenant.defaultDomain})`,
      `  admin key:      ${server.adminKey}`,
      `  authority:      ${server.url}/${server.developmentTenant.id}  (OpenID: …/v2.0/.well-known/openid-configuration)`,
      `  admin user:     ${server.developmentIdentity.admin.userPrincipalName}  password ${server.developmentIdentity.admin.password}`,
      `  app (all permissions): client id ${server.developmentIdentity.app.appId}  secret ${server.developmentIdentity.app.clientSecret}`,
      ...(server.certificatePath === undefined
        ? []
        : [`  certificate:    ${server.certificatePath}  (NODE_EXTRA_CA_CERTS)`]),
      `  configuration:  ${JSON.stringify(describeConfig(config))}`,
    ]
    console.log(lines.join('\n'))
    // Graceful shutdown: stop accepting connections, close idle keep-alive ones, let requests in
    // flight finish (Fastify's close), then flush the usage counts and close the store. A second
    // signal gives up waiting.
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`graph-appproxy: ${signal} again, exiting without waiting`)
        process.exit(1)
      }
      stopping = true
      console.log(`graph-appproxy: ${signal} received, finishing requests in flight`)
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('graph-appproxy: shutdown failed', error)
          process.exit(1)
        },
      )
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
