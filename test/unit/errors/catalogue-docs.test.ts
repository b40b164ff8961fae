// docs/errors.md lists every error the server emits, with its status and code, and nothing else
// (STYLE.md §7; Fastify's errors ↔ docs check).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { errors } from '../../../src/errors/catalogue.js'

const ROW = /^\| `(\w+)` \| (\d{3}) \| `(\w+)` \|/

function documented(): Map<string, { status: number; code: string }> {
  const rows = new Map<string, { status: number; code: string }>()
  for (const line of readFileSync('docs/errors.md', 'utf8').split('\n')) {
    const match = ROW.exec(line)
    if (match) rows.set(match[1] as string, { status: Number(match[2]), code: match[3] as string })
  }
  return rows
}

test('every catalogue factory is in docs/errors.md with its status and code', () => {
  const docs = documented()
  for (const [name, factory] of Object.entries(errors)) {
    const error = (factory as (...args: unknown[]) => { status: number; code: string })('x', 'y')
    assert.deepEqual(
      docs.get(name),
      { status: error.status, code: error.code },
      `docs/errors.md: ${name}`,
    )
  }
})

test('docs/errors.md lists no error the catalogue does not have', () => {
  for (const name of documented().keys())
    assert.ok(name in errors, `docs/errors.md lists '${name}'`)
})
