// A fresh database for each configuration of a run: a SQLite file in a temp folder, or a new
// database on the PostgreSQL server the options name (dropped afterwards).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export interface BenchDatabase {
  url: string
  drop(): Promise<void>
}

export function sqliteDatabase(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-bench-'))
  return {
    url: join(dir, 'graph-appproxy.db'),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

async function onAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** Undefined when it answers; otherwise why not, for the printed skip reason. */
export async function postgresUnreachable(adminUrl: string): Promise<string | undefined> {
  try {
    await onAdmin(adminUrl, 'select 1')
    return undefined
  } catch (error) {
    return `no PostgreSQL at ${adminUrl.replace(/:[^:@/]*@/, ':****@')} (${(error as Error).message})`
  }
}

export async function postgresDatabase(adminUrl: string): Promise<BenchDatabase> {
  // A name we generate, so quoting it as an identifier is enough.
  const name = `bench_${randomBytes(6).toString('hex')}`
  await onAdmin(adminUrl, `create database "${name}"`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () => onAdmin(adminUrl, `drop database if exists "${name}" with (force)`),
  }
}
