// Opens (and so migrates) the store at argv[2] once the clock reaches argv[3] (ms since the
// epoch), then closes it: processes started apart open one database together
// (test/unit/store/migration-lock.test.ts).
import { openStore } from '../../src/store/open-store.js'

const [url, startAt] = process.argv.slice(2)
if (url === undefined || startAt === undefined) throw new Error('usage: open-store-at <url> <ms>')
// Spin rather than sleep: a timer may fire a few ms late, and the point is to start together.
while (Date.now() < Number(startAt));
const store = await openStore({ url, connectorInactiveAfterSeconds: 600, now: () => new Date() })
await store.close()
