// A migrated SQLite store in a directory of its own, opened (and seeded) before a test file's
// tests run and removed after them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before } from 'node:test'
import { openStore } from '../../src/store/open-store.js'
import type { Store } from '../../src/store/store.js'

export interface TemporaryStore {
  /** Open from the first test on. */
  readonly store: Store
  /** The directory the database file lives in, for other files of the test. */
  readonly dir: string
}

/** `seed` runs once the store is open: a file's own before() hook could run ahead of ours. */
export function temporaryStore(
  name: string,
  seed?: (store: Store) => Promise<unknown>,
): TemporaryStore {
  let dir: string | undefined
  let store: Store | undefined
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), `${name}-`))
    store = await openStore({
      url: join(dir, 'db.sqlite'),
      connectorInactiveAfterSeconds: 600,
      now: () => new Date(),
    })
    await seed?.(store)
  })
  after(async () => {
    await store?.close()
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })
  return {
    get store() {
      if (store === undefined) throw new Error('the temporary store opens before the tests')
      return store
    },
    get dir() {
      if (dir === undefined) throw new Error('the temporary store opens before the tests')
      return dir
    },
  }
}
