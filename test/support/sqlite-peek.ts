// A second connection to a test server's SQLite file, for putting in data no API call can make
// (values real tenants hold that input validation refuses) and for reading raw rows.
import Database from 'better-sqlite3'
import type { TestServer } from './start-test-server.js'

export async function openSqliteForTest<T>(
  server: Pick<TestServer, 'dbFile'>,
  fn: (db: Database.Database) => T,
): Promise<T> {
  const db = new Database(server.dbFile)
  try {
    db.pragma('busy_timeout = 5000')
    return fn(db)
  } finally {
    db.close()
  }
}
