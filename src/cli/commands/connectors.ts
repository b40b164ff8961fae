// `graph-appproxy connectors register|heartbeat`: what the connector software does on install and
// while it runs, straight against the configured database (the server may be running).
import { Command } from 'commander'
import { recordHeartbeat, registerConnector } from '../../domain/connectors.js'
import { ensureDevelopmentTenant, requireTenant } from '../../domain/tenants.js'
import type { DomainDeps } from '../../domain/context.js'
import { openDomain } from '../../server.js'
import { configFrom, withConfigOptions } from '../config-options.js'

const DATABASE_OPTIONS = ['dataDir', 'dbUrl', 'connectorInactiveAfterSeconds'] as const

async function withDomain<T>(
  options: Record<string, unknown>,
  fn: (deps: DomainDeps) => Promise<T>,
): Promise<T> {
  const deps = await openDomain(configFrom(options))
  try {
    return await fn(deps)
  } finally {
    await deps.store.close()
  }
}

async function tenantId(deps: DomainDeps, tenant: unknown): Promise<string> {
  return typeof tenant === 'string'
    ? (await requireTenant(deps, tenant)).id
    : (await ensureDevelopmentTenant(deps)).id
}

export function connectorsCommand(): Command {
  const register = withConfigOptions(
    new Command('register')
      .description('register a connector; it joins the tenant default connector group')
      .requiredOption('--machine-name <fqdn>', 'host name of the connector machine')
      .requiredOption('--external-ip <address>', 'IP address the connector is seen from')
      .option('--version <version>', 'connector software version')
      .option('--tenant <id or domain>', 'tenant (default: the development tenant)')
      .addHelpText(
        'after',
        '\nExample:\n  graph-appproxy connectors register --machine-name connA.contoso.com --external-ip 203.0.113.7\n',
      ),
    DATABASE_OPTIONS,
  ).action(async (options: Record<string, unknown>) => {
    const connector = await withDomain(options, async (deps) =>
      registerConnector(deps, await tenantId(deps, options.tenant), {
        machineName: String(options.machineName),
        externalIp: String(options.externalIp),
        ...(typeof options.version === 'string' ? { version: options.version } : {}),
      }),
    )
    console.log(JSON.stringify(connector, null, 2))
  })

  const heartbeat = withConfigOptions(
    new Command('heartbeat')
      .description('record that a connector is alive (it reads active again)')
      .argument('<connectorId>', 'the connector id')
      .option('--tenant <id or domain>', 'tenant (default: the development tenant)')
      .addHelpText('after', '\nExample:\n  graph-appproxy connectors heartbeat 3f2c…\n'),
    DATABASE_OPTIONS,
  ).action(async (connectorId: string, options: Record<string, unknown>) => {
    await withDomain(options, async (deps) =>
      recordHeartbeat(deps, await tenantId(deps, options.tenant), connectorId),
    )
    console.log(`heartbeat recorded for ${connectorId}`)
  })

  return new Command('connectors')
    .description('register connectors and send their heartbeats')
    .addCommand(register)
    .addCommand(heartbeat)
}
