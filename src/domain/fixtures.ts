// Fixtures (issue #3 §5): tenants with their users, app registrations, connector groups and
// connectors, checked against docs/fixtures.schema.json and upserted by id, so loading the same
// file twice changes nothing. Used at start (--fixtures), by the CLI and by POST /_admin/fixtures.
import { readFileSync } from 'node:fs'
import type { StoreTx } from '../store/store.js'
import type { AppRegistrationInput, UserInput } from './accounts.js'
import { upsertAppRegistration, upsertUser } from './accounts.js'
import type { DomainDeps } from './context.js'
import { objectId } from './ids.js'
import { validateAgainst } from './json-schema.js'
import type { Schema } from './json-schema.js'
import { createTenant } from './tenants.js'

export interface TenantFixture {
  id: string
  domain: string
  displayName?: string
  region?: string
  users?: UserInput[]
  appRegistrations?: AppRegistrationInput[]
  connectorGroups?: Array<{ id: string; name: string; region?: string }>
  connectors?: Array<{
    id: string
    machineName: string
    externalIp: string
    version?: string
    connectorGroupId?: string
  }>
}

export interface Fixtures {
  tenants: TenantFixture[]
}

export interface FixturesSummary {
  tenants: number
  users: number
  appRegistrations: number
  connectorGroups: number
  connectors: number
}

// Read on first use: a server started without fixtures never needs it.
let schema: Schema | undefined
const fixturesSchema = (): Schema =>
  (schema ??= JSON.parse(
    readFileSync(new URL('../../docs/fixtures.schema.json', import.meta.url), 'utf8'),
  ) as Schema)

export class FixturesInvalid extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Fixtures do not match docs/fixtures.schema.json:\n  ${problems.join('\n  ')}`)
    this.name = 'FixturesInvalid'
    this.problems = problems
  }
}

export function parseFixtures(value: unknown): Fixtures {
  const problems = validateAgainst(fixturesSchema(), value)
  if (problems.length > 0) throw new FixturesInvalid(problems)
  return value as Fixtures
}

export function readFixturesFile(path: string): Fixtures {
  return parseFixtures(JSON.parse(readFileSync(path, 'utf8')))
}

export async function loadFixtures(deps: DomainDeps, fixtures: Fixtures): Promise<FixturesSummary> {
  const summary: FixturesSummary = {
    tenants: 0,
    users: 0,
    appRegistrations: 0,
    connectorGroups: 0,
    connectors: 0,
  }
  for (const fixture of fixtures.tenants) {
    const tenantId = objectId(fixture.id)
    const existing = await deps.store.read((tx) => tx.tenants.get(tenantId))
    const displayName = fixture.displayName ?? fixture.domain
    if (existing === undefined) {
      await createTenant(deps, {
        id: tenantId,
        displayName,
        defaultDomain: fixture.domain,
        region: fixture.region ?? 'nam',
      })
    } else {
      await deps.store.transaction((tx) =>
        tx.tenants.update(tenantId, {
          displayName,
          defaultDomain: fixture.domain.toLowerCase(),
          region: fixture.region ?? existing.region,
        }),
      )
    }
    summary.tenants++
    await deps.store.transaction(async (tx) => {
      for (const user of fixture.users ?? []) await upsertUser(tx, tenantId, user, deps.now())
      for (const app of fixture.appRegistrations ?? [])
        await upsertAppRegistration(tx, tenantId, app)
      await upsertConnectorGroups(tx, tenantId, fixture, deps.now())
      await upsertConnectors(tx, tenantId, fixture, deps.now())
    })
    summary.users += fixture.users?.length ?? 0
    summary.appRegistrations += fixture.appRegistrations?.length ?? 0
    summary.connectorGroups += fixture.connectorGroups?.length ?? 0
    summary.connectors += fixture.connectors?.length ?? 0
  }
  return summary
}

async function upsertConnectorGroups(
  tx: StoreTx,
  tenantId: string,
  fixture: TenantFixture,
  now: Date,
): Promise<void> {
  for (const group of fixture.connectorGroups ?? []) {
    const id = objectId(group.id)
    const region = group.region ?? fixture.region ?? 'nam'
    if ((await tx.connectorGroups.get(tenantId, id)) === undefined) {
      const value = {
        id,
        name: group.name,
        connectorGroupType: 'applicationProxy',
        isDefault: false,
        region,
      }
      await tx.connectorGroups.insert(tenantId, value, now.toISOString())
    } else {
      await tx.connectorGroups.update(tenantId, id, { name: group.name, region })
    }
  }
}

async function upsertConnectors(
  tx: StoreTx,
  tenantId: string,
  fixture: TenantFixture,
  now: Date,
): Promise<void> {
  const defaultGroup = await tx.connectorGroups.getDefault(tenantId)
  for (const connector of fixture.connectors ?? []) {
    const id = objectId(connector.id)
    const groupId =
      connector.connectorGroupId === undefined
        ? defaultGroup?.id
        : objectId(connector.connectorGroupId)
    if (groupId === undefined || (await tx.connectorGroups.get(tenantId, groupId)) === undefined) {
      throw new FixturesInvalid([
        `connector ${id}: connector group '${connector.connectorGroupId ?? 'default'}' is not in tenant ${tenantId}`,
      ])
    }
    const seen = {
      externalIp: connector.externalIp,
      version: connector.version ?? '1.5.3437.0',
      lastSeenDateTime: now.toISOString(),
    }
    if ((await tx.connectors.get(tenantId, id)) === undefined) {
      await tx.connectors.insert(tenantId, {
        id,
        machineName: connector.machineName,
        connectorGroupId: groupId,
        ...seen,
      })
    } else {
      await tx.connectors.recordHeartbeat(tenantId, id, seen)
      await tx.connectors.moveToGroup(tenantId, id, groupId)
    }
  }
}
