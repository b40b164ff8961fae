// A fresh, empty PostgreSQL database per test server, created on the server that
// GRAPH_APPPROXY_TEST_PG_URL names (an admin URL; scripts/run-tests.mjs starts a server when unset).
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

function adminUrl(): string {
  const url = process.env.GRAPH_APPPROXY_TEST_PG_URL
  if (url === undefined || url === '') {
    throw new Error(
      'GRAPH_APPPROXY_TEST_PG_URL is not set: run the tests through scripts/run-tests.mjs (npm test), ' +
        'which starts a PostgreSQL, or point it at one, e.g. postgres://postgres@127.0.0.1:5432/postgres',
    )
  }
  return url
}

async function onAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // A name we generate, never user input, so quoting it as an identifier is enough.
  const name = `gap_${randomBytes(6).toString('hex')}`
  await onAdmin(`create database "${name}"`)
  const url = new URL(adminUrl())
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    // FORCE (PostgreSQL 13+) ends sessions a pool still holds, e.g. after a failed test.
    drop: () => onAdmin(`drop database if exists "${name}" with (force)`),
  }
}
