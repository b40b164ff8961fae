// Permission usage and the least-privilege report (issue #3 §4). Calls are counted in memory and
// written to the store about once a second, so a Graph request never waits for this bookkeeping;
// the report flushes first, and other instances and the CLI see the store.
import { buildLeastPrivilegeReport } from '../auth/least-privilege.js'
import type { AppUsage, LeastPrivilegeEntry, UsageRecord } from '../auth/least-privilege.js'
import { isOperation } from '../auth/permissions.js'
import type { Operation, PermissionTable } from '../auth/permissions.js'
import type { Principal } from '../auth/verify-token.js'
import type { DomainDeps } from './context.js'

export interface UsageRecorder {
  record(usage: UsageRecord): void
  /** Writes what was counted since the last flush. */
  flush(): Promise<void>
  close(): Promise<void>
}

export type ReportEntry = LeastPrivilegeEntry & { tenantId: string }

interface Pending {
  usage: UsageRecord
  count: number
  /** Epoch milliseconds of the last call. */
  lastUsed: number
}

/**
 * Counts are written every 10 s: each flush is a synced write, and on SQLite it holds the one
 * connection while it syncs, so flushing every second showed up in every workload's p99
 * (bench/README.md). The report flushes first, so it never misses a call.
 */
export const USAGE_FLUSH_INTERVAL_MS = 10_000

export function createUsageRecorder(
  deps: DomainDeps,
  flushIntervalMs = USAGE_FLUSH_INTERVAL_MS,
): UsageRecorder {
  // Counted per held-permission list (the verifier hands out one frozen list per token, so its
  // identity is a cheap key) and then per app and operation: nothing is joined or formatted per
  // request; timestamps become text at flush time.
  let pending = new Map<readonly string[], Map<string, Pending>>()
  let flushing: Promise<void> = Promise.resolve()
  const flush = () => {
    const batch = pending
    pending = new Map()
    flushing = flushing
      .catch(() => undefined)
      .then(async () => {
        const entries = [...batch.values()].flatMap((byOperation) => [...byOperation.values()])
        if (entries.length === 0) return
        await deps.store.transaction(async (tx) => {
          for (const { usage, count, lastUsed } of entries) {
            const heldPermissions = [...usage.heldPermissions]
            const lastUsedDateTime = new Date(lastUsed).toISOString()
            await tx.permissionUsage.record({ ...usage, heldPermissions, count, lastUsedDateTime })
          }
        })
      })
    return flushing
  }
  const timer = setInterval(() => void flush().catch(() => undefined), flushIntervalMs)
  timer.unref()
  return {
    record(usage) {
      let byOperation = pending.get(usage.heldPermissions)
      if (byOperation === undefined) {
        byOperation = new Map()
        pending.set(usage.heldPermissions, byOperation)
      }
      const key = `${usage.tenantId}|${usage.appId}|${usage.kind}|${usage.operation}`
      const entry = byOperation.get(key)
      if (entry === undefined) byOperation.set(key, { usage, count: 1, lastUsed: Date.now() })
      else {
        entry.count++
        entry.lastUsed = Date.now()
      }
    },
    flush,
    async close() {
      clearInterval(timer)
      await flush()
    },
  }
}

/** Per tenant and client application (and token kind), from the stored usage. */
export async function permissionReport(
  deps: DomainDeps,
  table: PermissionTable,
  tenantId?: string,
): Promise<ReportEntry[]> {
  const rows = await deps.store.read((tx) => tx.permissionUsage.list(tenantId))
  const apps = new Map<string, { tenantId: string; usage: AppUsage }>()
  for (const row of rows) {
    if (!isOperation(row.operation)) continue
    const kind = row.kind as Principal['kind']
    const key = `${row.tenantId}|${row.appId}|${kind}`
    let entry = apps.get(key)
    if (entry === undefined) {
      entry = {
        tenantId: row.tenantId,
        usage: { appId: row.appId, kind, operations: [], heldPermissions: [] },
      }
      apps.set(key, entry)
    }
    entry.usage.operations.push(row.operation as Operation)
    for (const p of row.heldPermissions) {
      if (!entry.usage.heldPermissions.includes(p)) entry.usage.heldPermissions.push(p)
    }
  }
  const entries = [...apps.values()]
  const report = buildLeastPrivilegeReport(
    entries.map((e) => e.usage),
    table,
  )
  return report.map((item, i) => ({ tenantId: entries[i]?.tenantId ?? '', ...item }))
}
