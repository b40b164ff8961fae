// New object ids: GUIDs in the form Graph uses, ordered by creation time (version 7, RFC 9562).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isGuid, newObjectId } from '../../../src/domain/ids.js'

const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

test('a new id is a lower-case version-7 GUID with the RFC 9562 variant', () => {
  for (let i = 0; i < 1_000; i++) {
    const id = newObjectId()
    assert.ok(isGuid(id), id)
    assert.match(id, VERSION_7)
  }
})

test('its first 48 bits are the creation time in milliseconds', () => {
  const before = Date.now()
  const id = newObjectId()
  const after = Date.now()
  const millis = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)
  assert.ok(millis >= before && millis <= after, `${millis} not in [${before}, ${after}]`)
})

test('ids made in a later millisecond sort after earlier ones, and none repeats', async () => {
  const first = Array.from({ length: 2_000 }, newObjectId)
  await new Promise((resolve) => setTimeout(resolve, 2))
  const later = newObjectId()
  for (const id of first) assert.ok(id < later, `${id} ≥ ${later}`)
  assert.equal(new Set(first).size, first.length)
  // 74 random bits: ids of the same millisecond differ beyond the time.
  const sameTime = first.filter((id) => id.slice(0, 13) === first[0]?.slice(0, 13))
  assert.equal(new Set(sameTime.map((id) => id.slice(15))).size, sameTime.length)
})
