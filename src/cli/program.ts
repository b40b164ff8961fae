// The graph-appproxy command line: one file per command under commands/, no logic here.
import { Command } from 'commander'
import { connectorsCommand } from './commands/connectors.js'
import { migrateCommand } from './commands/migrate.js'
import { startCommand } from './commands/start.js'

export function buildProgram(): Command {
  return new Command('graph-appproxy')
    .description('A Microsoft Graph-compatible server for Application Proxy connector management')
    .addCommand(startCommand(), { isDefault: true })
    .addCommand(connectorsCommand())
    .addCommand(migrateCommand())
}
