// The storage backends API tests run on. Every API test file loops over BACKENDS (STYLE.md §9);
// the BACKENDS environment variable narrows it (`BACKENDS=sqlite npm run test:api`). PostgreSQL
// tests use the server named by GRAPH_APPPROXY_TEST_PG_URL (scripts/run-tests.mjs starts one).
export type Backend = 'sqlite' | 'postgres'

const ALL: readonly Backend[] = ['sqlite', 'postgres']

function chosen(): Backend[] {
  const raw = process.env.BACKENDS
  if (raw === undefined || raw.trim() === '') return [...ALL]
  return raw.split(',').map((name) => {
    const backend = name.trim() as Backend
    if (!ALL.includes(backend)) throw new Error(`BACKENDS: unknown backend '${name}'`)
    return backend
  })
}

export const BACKENDS: readonly Backend[] = chosen()
