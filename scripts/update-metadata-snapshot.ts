// Rewrites the $metadata snapshots test/unit/model/csdl.test.ts compares against. Run it when the
// model changed on purpose (npm run metadata:snapshot) and review the diff with the change.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCsdl } from '../src/model/csdl.js'
import { API_VERSIONS } from '../src/model/types.js'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'snapshots')
mkdirSync(dir, { recursive: true })
for (const version of API_VERSIONS) {
  const file = join(dir, `metadata-${version}.xml`)
  writeFileSync(file, buildCsdl(version))
  console.log(`wrote ${file}`)
}
