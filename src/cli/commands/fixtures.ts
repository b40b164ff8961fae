// `graph-appproxy fixtures load <file>`: upsert tenants, users, app registrations, connector groups
// and connectors from a JSON file (docs/fixtures.schema.json), against the configured database.
import { Command } from 'commander'
import { loadFixtures, readFixturesFile } from '../../domain/fixtures.js'
import { openDomain } from '../../server.js'
import { configFrom, withConfigOptions } from '../config-options.js'

export function fixturesCommand(): Command {
  const load = withConfigOptions(
    new Command('load')
      .description('upsert everything the file declares, by id (loading twice changes nothing)')
      .argument('<file>', 'fixtures JSON file')
      .addHelpText('after', '\nExample:\n  graph-appproxy fixtures load ./fixtures.json\n'),
    ['dataDir', 'dbUrl'],
  ).action(async (file: string, options: Record<string, unknown>) => {
    const fixtures = readFixturesFile(file)
    const deps = await openDomain(configFrom(options))
    try {
      console.log(JSON.stringify(await loadFixtures(deps, fixtures), null, 2))
    } finally {
      await deps.store.close()
    }
  })
  return new Command('fixtures')
    .description('load fixtures (docs/fixtures.schema.json)')
    .addCommand(load)
}
