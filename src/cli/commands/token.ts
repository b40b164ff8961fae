// `graph-appproxy token`: print an access token for scripts, signed with the database's keys, so
// curl and friends can call the running server without an OAuth dance.
import { Command } from 'commander'
import { issueScriptToken } from '../../domain/script-tokens.js'
import { createIssuerFor } from '../../identity-setup.js'
import { openDomain } from '../../server.js'
import { configFrom, withConfigOptions } from '../config-options.js'

const OPTIONS = [
  'dataDir',
  'dbUrl',
  'host',
  'port',
  'https',
  'publicUrl',
  'tokenLifetimeSeconds',
] as const

export function tokenCommand(): Command {
  const command = new Command('token')
    .description('print an access token for a user (delegated) or an application (app-only)')
    .requiredOption('--tenant <id or domain>', 'the tenant')
    .option(
      '--user <upn>',
      'a user: a delegated token (client: --app, default the development app)',
    )
    .option('--app <appId>', 'an app registration: an app-only token unless --user is given')
    .option('--scopes <list>', 'comma- or space-separated scopes or roles (default: all granted)')
    .addHelpText(
      'after',
      '\nExamples:\n  graph-appproxy token --tenant contoso.onmicrosoft.com --user admin@contoso.onmicrosoft.com --scopes Directory.ReadWrite.All\n  graph-appproxy token --tenant contoso.onmicrosoft.com --app <appId>\n',
    )
  return withConfigOptions(command, OPTIONS).action(async (options: Record<string, unknown>) => {
    const config = configFrom(options)
    const deps = await openDomain(config)
    try {
      const issuer = await createIssuerFor(deps, config)
      // The origin the server accepts as its own: the public URL, else localhost on its port.
      const origin =
        config.publicUrl !== ''
          ? config.publicUrl
          : `${config.https ? 'https' : 'http'}://localhost:${config.port}`
      const scopes =
        typeof options.scopes === 'string'
          ? options.scopes.split(/[\s,]+/).filter((s) => s !== '')
          : undefined
      const token = await issueScriptToken(
        deps,
        issuer,
        {
          tenant: String(options.tenant),
          ...(typeof options.user === 'string' ? { user: options.user } : {}),
          ...(typeof options.app === 'string' ? { app: options.app } : {}),
          ...(scopes === undefined ? {} : { scopes }),
        },
        origin,
      )
      console.log(token)
    } finally {
      await deps.store.close()
    }
  })
}
