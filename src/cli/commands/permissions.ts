// `graph-appproxy permissions report`: the least-privilege report from the usage every instance
// records in the database (issue #3 §4); the same report as GET /_admin/permissions/report.
import { Command } from 'commander'
import { permissionReport } from '../../domain/permission-usage.js'
import { requireTenant } from '../../domain/tenants.js'
import { permissionTable } from '../../identity-setup.js'
import { openDomain } from '../../server.js'
import { configFrom, withConfigOptions } from '../config-options.js'

export function permissionsCommand(): Command {
  const report = withConfigOptions(
    new Command('report')
      .description(
        'per client application: operations called, least-privileged permissions, unused ones',
      )
      .option('--tenant <id or domain>', 'one tenant only')
      .addHelpText(
        'after',
        '\nExample:\n  graph-appproxy permissions report --tenant contoso.onmicrosoft.com\n',
      ),
    ['dataDir', 'dbUrl', 'permissionsFile'],
  ).action(async (options: Record<string, unknown>) => {
    const config = configFrom(options)
    const deps = await openDomain(config)
    try {
      const tenantId =
        typeof options.tenant === 'string'
          ? (await requireTenant(deps, options.tenant)).id
          : undefined
      console.log(
        JSON.stringify(await permissionReport(deps, permissionTable(config), tenantId), null, 2),
      )
    } finally {
      await deps.store.close()
    }
  })
  return new Command('permissions')
    .description('permission usage and least privilege')
    .addCommand(report)
}
