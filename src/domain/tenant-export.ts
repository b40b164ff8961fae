// A tenant as one JSON document, to move it between databases or backends (issue #6): its row and
// every row of its tables, as stored. The file holds password and client-secret hashes, so it is
// as secret as the database. Signing keys and settings are server-wide and stay behind: tokens
// issued by the old server are not accepted by the new one, and sessions start again.
import { StoreConflict } from '../store/store.js'
import { TENANT_TABLES } from '../store/tenant-rows.js'
import type { Row, TenantTable } from '../store/tenant-rows.js'
import type { DomainDeps } from './context.js'

export const EXPORT_FORMAT = 'graph-appproxy/tenant'
export const EXPORT_VERSION = 1

export interface TenantExport {
  format: typeof EXPORT_FORMAT
  /** Raised whenever a migration changes what a row holds; import refuses other versions. */
  version: typeof EXPORT_VERSION
  exportedDateTime: string
  /** The tenants row: id, displayName, defaultDomain, region, isAppProxyEnabled, createdDateTime. */
  tenant: Row
  /** Rows without `tenantId`; columns named as Graph names the properties, JSON values as text. */
  tables: Record<TenantTable, Row[]>
}

export interface ImportSummary {
  tenantId: string
  defaultDomain: string
  replaced: boolean
  rows: Record<TenantTable, number>
}

/** The export or import cannot go ahead; the message says why, for the CLI to print. */
export class TenantTransferError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'TenantTransferError'
  }
}

/** The tenant named by id or domain, read in one transaction so the rows agree with each other. */
export async function exportTenant(deps: DomainDeps, idOrDomain: string): Promise<TenantExport> {
  return deps.store.transaction(async (tx) => {
    const found = await tx.tenants.find(idOrDomain)
    if (found === undefined)
      throw new TenantTransferError(`No tenant '${idOrDomain}' in this database.`)
    const tenant = await tx.tenantRows.tenant(found.id)
    if (tenant === undefined)
      throw new TenantTransferError(`No tenant '${idOrDomain}' in this database.`)
    const tables = {} as Record<TenantTable, Row[]>
    for (const table of TENANT_TABLES) tables[table] = await tx.tenantRows.read(table, found.id)
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedDateTime: deps.now().toISOString(),
      tenant,
      tables,
    }
  })
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Checks the document's shape; the columns are checked against the database on import. */
export function parseTenantExport(value: unknown): TenantExport {
  if (!isObject(value) || value.format !== EXPORT_FORMAT) {
    throw new TenantTransferError(`Not a tenant export: expected "format": "${EXPORT_FORMAT}".`)
  }
  if (value.version !== EXPORT_VERSION) {
    throw new TenantTransferError(
      `Tenant export version ${String(value.version)} is not supported (this version reads ${EXPORT_VERSION}).`,
    )
  }
  const { tenant, tables } = value
  if (
    !isObject(tenant) ||
    typeof tenant.id !== 'string' ||
    typeof tenant.defaultDomain !== 'string'
  ) {
    throw new TenantTransferError('The export has no tenant with an id and a defaultDomain.')
  }
  if (!isObject(tables)) throw new TenantTransferError('The export has no "tables".')
  for (const name of Object.keys(tables)) {
    if (!(TENANT_TABLES as readonly string[]).includes(name)) {
      throw new TenantTransferError(`The export names an unknown table '${name}'.`)
    }
  }
  for (const table of TENANT_TABLES) {
    const rows = tables[table] ?? []
    if (!Array.isArray(rows) || !rows.every(isObject)) {
      throw new TenantTransferError(`"tables.${table}" must be an array of objects.`)
    }
    tables[table] = rows
  }
  return value as unknown as TenantExport
}

export interface ImportOptions {
  /** Delete the tenant's current rows first when it already exists (else the import refuses). */
  replace?: boolean
}

/** Writes the tenant in one transaction: all of it or, on any error, nothing. */
export async function importTenant(
  deps: DomainDeps,
  data: unknown,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const file = parseTenantExport(data)
  const tenantId = file.tenant.id as string
  const domain = (file.tenant.defaultDomain as string).toLowerCase()
  try {
    return await deps.store.transaction(async (tx) => {
      await checkColumns(file, (table) => tx.tenantRows.columns(table))
      const existing = await tx.tenants.get(tenantId)
      if (existing !== undefined && options.replace !== true) {
        throw new TenantTransferError(
          `Tenant ${tenantId} (${existing.defaultDomain}) already exists in this database; ` +
            'pass --replace to delete it and import the file in its place.',
        )
      }
      const owner = await tx.tenants.find(domain)
      if (owner !== undefined && owner.id !== tenantId) {
        throw new TenantTransferError(
          `The domain ${domain} belongs to another tenant here (${owner.id}); domains are unique.`,
        )
      }
      if (existing !== undefined) await tx.tenantRows.deleteTenant(tenantId)
      await tx.tenantRows.insert('tenants', tenantId, [{ ...file.tenant, defaultDomain: domain }])
      const rows = {} as Record<TenantTable, number>
      for (const table of TENANT_TABLES) {
        await tx.tenantRows.insert(table, tenantId, file.tables[table])
        rows[table] = file.tables[table].length
      }
      return { tenantId, defaultDomain: domain, replaced: existing !== undefined, rows }
    })
  } catch (error) {
    if (error instanceof StoreConflict) {
      throw new TenantTransferError(
        `The file's rows break a constraint of the database (${error.kind}): ${String((error.cause as Error | undefined)?.message ?? '')}`,
        { cause: error },
      )
    }
    throw error
  }
}

/** Every column a row names exists in its table, and no row names its own tenant. */
async function checkColumns(
  file: TenantExport,
  columnsOf: (table: TenantTable | 'tenants') => Promise<Set<string>>,
): Promise<void> {
  const check = async (table: TenantTable | 'tenants', rows: readonly Row[]) => {
    if (rows.length === 0) return
    const columns = await columnsOf(table)
    if (table !== 'tenants') columns.delete('tenantId')
    for (const row of rows) {
      for (const name of Object.keys(row)) {
        if (!columns.has(name)) {
          throw new TenantTransferError(`"${table}" has no column '${name}' in this database.`)
        }
      }
    }
  }
  await check('tenants', [file.tenant])
  for (const table of TENANT_TABLES) await check(table, file.tables[table])
}
