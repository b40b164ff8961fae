// The least-privilege report: per client application, the operations it called, the smallest and
// least privileged permission set that would have sufficed, and what it holds but never needed.
// Recording usage is behind UsageRecorder; where usage is kept (memory, the store) is the caller's choice.
import { PERMISSIONS, acceptedPermissions } from './permissions.js'
import type { Operation, PermissionTable } from './permissions.js'
import type { Principal } from './verify-token.js'

export interface UsageRecord {
  tenantId: string
  appId: string
  kind: Principal['kind']
  operation: Operation
  /** The token's scopes or roles. */
  heldPermissions: readonly string[]
}

export interface AppUsage {
  appId: string
  kind: Principal['kind']
  operations: Operation[]
  heldPermissions: string[]
}

export interface UsageRecorder {
  record(usage: UsageRecord): void | Promise<void>
  /** One entry per application and token kind, for buildLeastPrivilegeReport. */
  usage(tenantId?: string): Promise<AppUsage[]>
}

export interface LeastPrivilegeEntry {
  appId: string
  kind: Principal['kind']
  operations: Operation[]
  /** What to grant instead of what is held today. */
  leastPrivileged: string[]
  /** Held, and accepted by none of the operations called. */
  unused: string[]
  /** Held and not in the least-privileged set (includes `unused`). */
  removable: string[]
  /** Operations the token kind can never call (no accepted permission in the table). */
  uncoverable: Operation[]
}

export function buildLeastPrivilegeReport(
  usage: readonly AppUsage[],
  table: PermissionTable = PERMISSIONS,
): LeastPrivilegeEntry[] {
  return usage.map((app) => {
    const operations = [...new Set(app.operations)].sort()
    const accepted = new Map(
      operations.map((op) => [op, acceptedPermissions(table, op, app.kind)] as const),
    )
    const uncoverable = operations.filter((op) => accepted.get(op)?.length === 0)
    const leastPrivileged = coverOperations(
      operations.filter((op) => !uncoverable.includes(op)),
      accepted,
    )
    const used = new Set([...accepted.values()].flat().map(lower))
    const chosen = new Set(leastPrivileged.map(lower))
    const held = [...new Set(app.heldPermissions)].sort()
    return {
      appId: app.appId,
      kind: app.kind,
      operations,
      leastPrivileged,
      unused: held.filter((p) => !used.has(lower(p))),
      removable: held.filter((p) => !chosen.has(lower(p))),
      uncoverable,
    }
  })
}

// Each operation takes its own least privileged permission; then a permission is dropped when the
// others kept cover all its operations, so a write scope needed anyway absorbs the matching read
// scope (GroupMember.ReadWrite.All over GroupMember.Read.All). Dropping is tried on the most
// privileged first, so of two that could each go, the narrower stays. Least privilege wins over
// fewest permissions: reading users and adding members gives User.Read.All + GroupMember.ReadWrite.All,
// never Directory.ReadWrite.All.
function coverOperations(
  operations: readonly Operation[],
  accepted: ReadonlyMap<Operation, readonly string[]>,
): string[] {
  const rank = (permission: string, op: Operation) => accepted.get(op)?.indexOf(permission) ?? -1
  const chosen = new Set<string>()
  for (const op of operations) {
    const first = accepted.get(op)?.[0]
    if (first !== undefined) chosen.add(first)
  }
  const covers = (permission: string) =>
    operations.filter((op) => accepted.get(op)?.includes(permission))
  // A permission's privilege: its highest position in the lists of the operations it covers.
  const privilege = (p: string) => Math.max(...covers(p).map((op) => rank(p, op)))
  for (const permission of [...chosen].sort((a, b) => privilege(b) - privilege(a))) {
    const others = [...chosen].filter((p) => p !== permission)
    if (covers(permission).every((op) => others.some((p) => covers(p).includes(op)))) {
      chosen.delete(permission)
    }
  }
  return [...chosen].sort()
}

/** Usage kept in process memory: enough for one instance and for tests. */
export function createMemoryUsageRecorder(): UsageRecorder {
  const apps = new Map<string, { tenantId: string; usage: AppUsage; held: Set<string> }>()
  return {
    record(record) {
      const key = `${record.tenantId}|${record.appId}|${record.kind}`
      let entry = apps.get(key)
      if (entry === undefined) {
        entry = {
          tenantId: record.tenantId,
          usage: { appId: record.appId, kind: record.kind, operations: [], heldPermissions: [] },
          held: new Set(),
        }
        apps.set(key, entry)
      }
      if (!entry.usage.operations.includes(record.operation)) {
        entry.usage.operations.push(record.operation)
      }
      for (const p of record.heldPermissions) entry.held.add(p)
    },
    async usage(tenantId) {
      return [...apps.values()]
        .filter((entry) => tenantId === undefined || entry.tenantId === tenantId)
        .map((entry) => ({
          ...entry.usage,
          operations: [...entry.usage.operations],
          heldPermissions: [...entry.held],
        }))
    },
  }
}

function lower(permission: string): string {
  return permission.toLowerCase()
}
