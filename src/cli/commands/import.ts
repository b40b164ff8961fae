// `graph-appproxy import <file>`: a tenant written by `graph-appproxy export`, into the configured
// database, in one transaction. An existing tenant is left alone unless --replace.
import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { TenantTransferError, importTenant } from '../../domain/tenant-export.js'
import { openDomain } from '../../server.js'
import { configFrom, withConfigOptions } from '../config-options.js'

export function importCommand(): Command {
  const command = new Command('import')
    .description('load a tenant exported by `graph-appproxy export` (all of it or nothing)')
    .argument('<file>', 'the JSON file `export` wrote')
    .option('--replace', 'delete the tenant first when it already exists in this database')
    .addHelpText(
      'after',
      '\nExample:\n  graph-appproxy import contoso.json --db-url postgres://app:secret@db.internal/graph_appproxy\n',
    )
  return withConfigOptions(command, ['dataDir', 'dbUrl', 'dbPoolSize']).action(
    async (file: string, options: Record<string, unknown>) => {
      let data: unknown
      try {
        data = JSON.parse(readFileSync(file, 'utf8'))
      } catch (error) {
        throw new Error(`${file}: not a JSON file (${(error as Error).message})`, { cause: error })
      }
      const deps = await openDomain(configFrom(options))
      try {
        const summary = await importTenant(deps, data, { replace: options.replace === true })
        console.log(JSON.stringify(summary, null, 2))
      } catch (error) {
        // A refusal is an answer for the operator, not a crash: the message alone, exit status 1.
        if (!(error instanceof TenantTransferError)) throw error
        console.error(`graph-appproxy import: ${error.message}`)
        process.exitCode = 1
      } finally {
        await deps.store.close()
      }
    },
  )
}
