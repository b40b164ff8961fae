// `graph-appproxy export`: one tenant as JSON (src/domain/tenant-export.ts), to stdout or a file,
// to move it to another database or backend with `graph-appproxy import`.
import { writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { TenantTransferError, exportTenant } from '../../domain/tenant-export.js'
import { openDomain } from '../../server.js'
import { configFrom, withConfigOptions } from '../config-options.js'

export function exportCommand(): Command {
  const command = new Command('export')
    .description(
      'write one tenant (its users with password hashes, groups, connectors, applications…) as JSON; ' +
        'the file is as secret as the database',
    )
    .requiredOption('--tenant <id|domain>', 'the tenant to export')
    .option(
      '--out <file>',
      'write to this file (created readable by its owner only) instead of stdout',
    )
    .addHelpText(
      'after',
      '\nExample:\n  graph-appproxy export --tenant contoso.onmicrosoft.com --out contoso.json --db-url ./old.db\n',
    )
  return withConfigOptions(command, ['dataDir', 'dbUrl', 'dbPoolSize']).action(
    async (options: Record<string, unknown>) => {
      const deps = await openDomain(configFrom(options))
      try {
        const json = `${JSON.stringify(await exportTenant(deps, String(options.tenant)), null, 2)}\n`
        if (typeof options.out === 'string') {
          writeFileSync(options.out, json, { mode: 0o600 })
          console.error(`tenant ${String(options.tenant)} written to ${options.out}`)
        } else {
          process.stdout.write(json)
        }
      } catch (error) {
        if (!(error instanceof TenantTransferError)) throw error
        console.error(`graph-appproxy export: ${error.message}`)
        process.exitCode = 1
      } finally {
        await deps.store.close()
      }
    },
  )
}
