// Bulk seeding straight through the store, inside the server process: a million connector groups
// through the API would take longer than the benchmark itself. Rows are what the API would write.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../src/store/tables.js'

// Two of eight words start with 'g' and one of four regions is 'eur', independently, so W7's
// filter (startswith(name,'g') and region eq 'eur') keeps 1 group in 16 at every scale: 62 of
// 1,000 (a full page of 50) and 62,500 of 1,000,000.
const WORDS = ['alpha', 'gateway', 'branch', 'core', 'global', 'edge', 'lab', 'office']
const REGIONS = ['nam', 'eur', 'aus', 'asia'] as const

/** Rows per INSERT: 7 columns, well under SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_STATEMENT = 500
/** Rows per transaction: few commits (each one syncs), without one huge transaction. */
const ROWS_PER_TRANSACTION = 20_000

export function seededGroupName(index: number): string {
  return `${WORDS[index % WORDS.length]}-${String(index).padStart(7, '0')}`
}

export async function countGroups(db: Kysely<Database>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('connectorGroups')
    .select(sql<number>`count(*)`.as('count'))
    .where('tenantId', '=', tenantId)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Adds connector groups until the tenant has `total`; returns how many were added. */
export async function seedConnectorGroups(
  db: Kysely<Database>,
  tenantId: string,
  total: number,
): Promise<number> {
  const existing = await countGroups(db, tenantId)
  const createdDateTime = new Date().toISOString()
  for (let start = existing; start < total; start += ROWS_PER_TRANSACTION) {
    const end = Math.min(total, start + ROWS_PER_TRANSACTION)
    await db.transaction().execute(async (trx) => {
      for (let from = start; from < end; from += ROWS_PER_STATEMENT) {
        const rows = []
        for (let i = from; i < Math.min(end, from + ROWS_PER_STATEMENT); i++) {
          rows.push({
            tenantId,
            id: randomUUID(),
            name: seededGroupName(i),
            connectorGroupType: 'applicationProxy',
            isDefault: false,
            region: REGIONS[Math.floor(i / WORDS.length) % REGIONS.length] ?? 'nam',
            createdDateTime,
          })
        }
        await trx.insertInto('connectorGroups').values(rows).execute()
      }
    })
  }
  return Math.max(0, total - existing)
}

/** Removes the groups W3 created, so that later workloads see the same table size every round. */
export async function deleteGroupsNamed(
  db: Kysely<Database>,
  tenantId: string,
  prefix: string,
): Promise<number> {
  const result = await db
    .deleteFrom('connectorGroups')
    .where('tenantId', '=', tenantId)
    .where('name', 'like', `${prefix}%`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function sampleGroupIds(
  db: Kysely<Database>,
  tenantId: string,
  count: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('connectorGroups')
    .select('id')
    .where('tenantId', '=', tenantId)
    .orderBy(sql`random()`)
    .limit(count)
    .execute()
  return rows.map((row) => row.id)
}
