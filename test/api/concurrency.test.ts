// Concurrent conflicting writes (issue #6): the invariants of spec §8.1–8.3 hold whoever wins,
// and a lost race is retried inside the store, never answered with a 5xx.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { BACKENDS } from '../support/backends.js'
import { startTestServer } from '../support/start-test-server.js'
import type { TestServer } from '../support/start-test-server.js'

const P = '/beta/onPremisesPublishingProfiles/applicationProxy'
const GRAPH = 'https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy'

for (const backend of BACKENDS)
  describe(`concurrent writes [${backend}]`, () => {
    // Two instances on one database, requests alternating between them. On SQLite both would live
    // in this one process, where a second connection waiting for the write lock blocks the event
    // loop that the first needs to commit; SQLite instances share a file across processes, not
    // within one. So on SQLite the second "instance" is the first.
    let first: TestServer
    let second: TestServer
    before(async () => {
      first = await startTestServer({ backend })
      second =
        backend === 'postgres'
          ? await startTestServer({ backend, config: { dbUrl: first.dbUrl } })
          : first
    })
    after(async () => {
      if (second !== first) await second.close()
      await first.close()
    })

    const via = (i: number) => (i % 2 === 0 ? first : second)
    const newGroup = async (name: string, region = 'eur') => {
      const response = await first.call('POST', `${P}/connectorGroups`, { name, region })
      assert.equal(response.status, 201)
      return response.body.id as string
    }
    const moveTo = (i: number, connectorId: string, groupId: string) =>
      via(i).call('POST', `${P}/connectors/${connectorId}/memberOf/$ref`, {
        '@odata.id': `${GRAPH}/connectorGroups/${groupId}`,
      })
    const memberIds = async (groupId: string) =>
      (
        (await first.call('GET', `${P}/connectorGroups/${groupId}/members`)).body.value as Array<{
          id: string
        }>
      ).map((c) => c.id)
    const memberOfIds = async (connectorId: string) =>
      (
        (await first.call('GET', `${P}/connectors/${connectorId}/memberOf`)).body.value as Array<{
          id: string
        }>
      ).map((g) => g.id)

    test('50 parallel moves of one connector between two groups all answer 204; it ends in exactly one', async () => {
      const connector = await first.registerConnector()
      const groups = [await newGroup('Ping'), await newGroup('Pong')]
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => moveTo(i, connector.id, groups[i % 2] as string)),
      )
      assert.deepEqual(
        responses.map((r) => r.status),
        responses.map(() => 204),
        responses.find((r) => r.status !== 204)?.text,
      )
      const memberOf = await memberOfIds(connector.id)
      assert.equal(memberOf.length, 1)
      const [inPing, inPong] = [
        await memberIds(groups[0] as string),
        await memberIds(groups[1] as string),
      ]
      assert.deepEqual([...inPing, ...inPong], [connector.id])
      assert.deepEqual(memberOf, [inPing.length === 1 ? groups[0] : groups[1]])
    })

    test('PATCH region racing a move into the group never leaves members behind a changed region', async () => {
      for (let round = 0; round < 10; round++) {
        const group = await newGroup(`Race ${round}`, 'eur')
        const connector = await first.registerConnector()
        const [patch, move] = await Promise.all([
          via(round).call('PATCH', `${P}/connectorGroups/${group}`, { region: 'asia' }),
          moveTo(round + 1, connector.id, group),
        ])
        assert.equal(move.status, 204, move.text)
        const region = (await first.call('GET', `${P}/connectorGroups/${group}`)).body.region
        if (patch.status === 204) {
          // The region changed first, while the group was empty; the move came after.
          assert.equal(region, 'asia')
        } else {
          // The move came first, so the region lock refused the change.
          assert.equal(patch.status, 400, patch.text)
          assert.equal(patch.body.error.code, 'Request_BadRequest')
          assert.equal(region, 'eur')
        }
        assert.deepEqual(await memberIds(group), [connector.id])
      }
    })

    test('DELETE group racing a move into it: one wins cleanly, never an orphan or a 5xx', async () => {
      for (let round = 0; round < 10; round++) {
        const group = await newGroup(`Doomed ${round}`)
        const connector = await first.registerConnector()
        const [remove, move] = await Promise.all([
          via(round).call('DELETE', `${P}/connectorGroups/${group}`),
          moveTo(round + 1, connector.id, group),
        ])
        const read = await first.call('GET', `${P}/connectorGroups/${group}`)
        const memberOf = await memberOfIds(connector.id)
        assert.equal(memberOf.length, 1, 'the connector is in exactly one group')
        if (remove.status === 204) {
          assert.equal(move.status, 404, move.text)
          assert.equal(move.body.error.code, 'Request_ResourceNotFound')
          assert.equal(read.status, 404)
          assert.notEqual(memberOf[0], group)
        } else {
          assert.equal(remove.status, 400, remove.text)
          assert.equal(move.status, 204, move.text)
          assert.equal(read.status, 200)
          assert.deepEqual(memberOf, [group])
        }
      }
    })
  })
