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
