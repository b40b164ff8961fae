// The graph-appproxy command line: one file per command under commands/, no logic here.
import { Command } from 'commander'
import { connectorsCommand } from './commands/connectors.js'
import { exportCommand } from './commands/export.js'
import { fixturesCommand } from './commands/fixtures.js'
import { importCommand } from './commands/import.js'
import { migrateCommand } from './commands/migrate.js'
import { permissionsCommand } from './commands/permissions.js'
import { startCommand } from './commands/start.js'
import { tokenCommand } from './commands/token.js'

export function buildProgram(): Command {
  return new Command('graph-appproxy')
    .description('A Microsoft Graph-compatible server for Application Proxy connector management')
    .addCommand(startCommand(), { isDefault: true })
    .addCommand(connectorsCommand())
    .addCommand(migrateCommand())
    .addCommand(tokenCommand())
    .addCommand(fixturesCommand())
    .addCommand(permissionsCommand())
    .addCommand(exportCommand())
    .addCommand(importCommand())
}
