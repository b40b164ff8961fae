// The two dialects' migrations end in the same schema (STYLE.md §4), and instances starting
// together on one fresh PostgreSQL database migrate it once. Compares both backends, so it runs
// once rather than per backend, and only when both are chosen.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import type { Kysely, TableMetadata } from 'kysely'
import { openStore } from '../../src/store/open-store.js'
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations/index.js'
import type { Store } from '../../src/store/store.js'
import { BACKENDS } from '../support/backends.js'
import { createTestDatabase } from '../support/postgres-databases.js'
import type { TestDatabase } from '../support/postgres-databases.js'

const open = (url: string) =>
  openStore({ url, connectorInactiveAfterSeconds: 600, now: () => new Date(), poolSize: 2 })

/** Column types by family (int4 and integer alike); booleans are integer 0/1 on SQLite only. */
function family(dataType: string): string {
  const type = dataType.toLowerCase()
  if (type === 'text' || type === 'varchar') return 'text'
  if (type === 'boolean' || type === 'bool') return 'boolean'
  if (type.startsWith('int')) return 'integer'
  return type
}

interface ColumnShape {
  name: string
  isNullable: boolean
  family: string
}

async function schemaOf(store: Store): Promise<Map<string, ColumnShape[]>> {
  const tables: TableMetadata[] = (await store.db.introspection.getTables()).filter(
    (t) => !t.isView,
  )
  const schema = new Map<string, ColumnShape[]>()
  for (const table of tables) {
    schema.set(
      table.name,
      table.columns
        .map((c) => ({
          name: c.name,
          isNullable: c.isNullable,
          family: family(c.dataType),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    )
  }
  return schema
}

const bothBackends = BACKENDS.includes('sqlite') && BACKENDS.includes('postgres')

describe(
  'migrations',
  { skip: bothBackends ? false : 'compares SQLite with PostgreSQL: needs both backends' },
  () => {
    const cleanups: Array<() => Promise<void>> = []
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup()
    })

    async function freshPostgres(): Promise<TestDatabase> {
      const database = await createTestDatabase()
      cleanups.push(() => database.drop())
      return database
    }

    // Strict for key columns too: SQLite's text keys accept NULL unless declared NOT NULL, so a
    // missing `.notNull()` in a SQLite migration shows up here (sqlite.org/lang_createtable.html).
    test('SQLite and PostgreSQL end with the same tables, columns and nullability', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-migrations-'))
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
      const sqlite = await open(join(dir, 'schema.db'))
      cleanups.push(() => sqlite.close())
      const postgres = await open((await freshPostgres()).url)
      cleanups.push(() => postgres.close())

      const [left, right] = [await schemaOf(sqlite), await schemaOf(postgres)]
      assert.deepEqual([...left.keys()].sort(), [...right.keys()].sort())
      for (const [table, columns] of left) {
        const withoutFamily = (list: ColumnShape[] | undefined) =>
          list?.map(({ name, isNullable }) => ({ name, isNullable }))
        assert.deepEqual(
          withoutFamily(columns),
          withoutFamily(right.get(table)),
          `columns of ${table}`,
        )
        for (const column of columns) {
          const other = right.get(table)?.find((c) => c.name === column.name)
          const pair = `${column.family}/${other?.family}`
          // Booleans are integer 0/1 on SQLite and boolean on PostgreSQL; every other type matches.
          const isBooleanPair = pair === 'integer/boolean'
          assert.ok(
            column.family === other?.family || isBooleanPair,
            `${table}.${column.name}: ${pair}`,
          )
        }
      }
      // Every table is keyed by tenant first (issue #6), except the tenants themselves and what all
      // tenants share: server settings and the signing keys behind every tenant's tokens.
      const serverWide = new Set(['tenants', 'settings', 'signingKeys'])
      for (const [table, columns] of left) {
        if (serverWide.has(table)) continue
        assert.ok(
          columns.some((c) => c.name === 'tenantId' && !c.isNullable),
          `${table} has tenantId`,
        )
      }
    })

    test('two instances opening one fresh PostgreSQL database together both start; migrations run once', async () => {
      const { url } = await freshPostgres()
      const stores = await Promise.all([open(url), open(url), open(url)])
      cleanups.push(async () => {
        for (const store of stores) await store.close()
      })
      const db = stores[0]?.db as unknown as Kysely<{ kysely_migration: { name: string } }>
      const applied = await db.selectFrom('kysely_migration').select('name').execute()
      assert.deepEqual(
        applied.map((row) => row.name),
        Object.keys(POSTGRES_MIGRATIONS),
      )
      for (const store of stores) await store.ping()
    })
  },
)
