// Runs node's test runner over an explicit list of test files (a quoted glob finds none on
// Node 20). Usage: node scripts/run-tests.mjs [unit|api|compat ...]
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const SUITES = ['unit', 'api', 'compat']
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : SUITES

function testFiles(dir) {
  let entries
  try {
    entries = readdirSync(dir)
  } catch {
    return []
  }
  return entries.sort().flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return testFiles(path)
    return name.endsWith('.test.ts') ? [path] : []
  })
}

const files = chosen.flatMap((suite) => {
  if (!SUITES.includes(suite)) {
    console.error(`unknown suite '${suite}' (expected one of ${SUITES.join(', ')})`)
    process.exit(2)
  }
  return testFiles(join('test', suite))
})
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
