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

async function onAdmin(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
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
    // Sessions a pool still holds (e.g. after a failed test) are ended first. Not `WITH (FORCE)`:
    // it also tries to end an autovacuum worker that happens to be in the new database, which a
    // role without superuser may not, and fails (42501, seen in CI). A plain DROP stops
    // autovacuum itself, and waits for the ended sessions to go.
    drop: () =>
      onAdmin(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and usename = current_user and pid <> pg_backend_pid()`,
        `drop database if exists "${name}"`,
      ),
  }
}
