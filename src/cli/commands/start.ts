// `graph-appproxy start`: serve Graph on the configured database until interrupted.
import { Command } from 'commander'
import { describeConfig } from '../../config.js'
import { startServer } from '../../server.js'
import { configFrom, withConfigOptions } from '../config-options.js'

export function startCommand(): Command {
  const command = new Command('start')
    .description('start the server (creates the database and a development tenant on first run)')
    .addHelpText('after', '\nExample:\n  graph-appproxy start --port 5080 --data-dir ./.graph-appproxy\n')
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
      ...(server.certificatePath === undefined ? [] : [`  certificate:    ${server.certificatePath}  (NODE_EXTRA_CA_CERTS)`]),
      `  configuration:  ${JSON.stringify(describeConfig(config))}`,
    ]
    console.log(lines.join('\n'))
    const stop = async () => {
      await server.close()
      process.exit(0)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
