// The workloads of issue #7 (W1–W8): what each seeds through the API once per phase, and the
// requests of each run. The same requests go to the yardstick, which answers them all alike.
import { Api, PROFILE, connectorRef } from './api.js'
import { prepareTransitiveMembers } from './directory-seed.js'
import type { LoadRequest, LoadSpec } from './drivers/load.js'
import type { Child } from './processes.js'

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'W6' | 'W7' | 'W8'

export interface PhaseContext {
  api: Api
  /** The first instance: seeding by IPC goes through it (the others share its database). */
  server: Child
  /** Renewed before each phase (tokens last an hour; a --scale run takes longer). */
  token: string
}

export interface PreparedWorkload {
  /** The requests of one run; W4 makes a fresh pair of groups for each. */
  nextRun(): Promise<LoadSpec>
  /** Runs after each run against the server: W3 deletes what it created. */
  afterRun?(): Promise<void>
  /** Checked once with a single request before the first run; W4 has none (it would move a connector). */
  expectStatus?: number
  /** Figures measured while preparing, kept in the JSON (W8's sequential walk). */
  notes?: Record<string, unknown>
}

export interface Workload {
  id: WorkloadId
  title: string
  /** A string is the reason the workload is skipped. */
  prepare(ctx: PhaseContext): Promise<PreparedWorkload | string>
}

const GROUPS = `${PROFILE}/connectorGroups`
const W3_PREFIX = 'w3-bench'
/** W4's connectors: a multiple of 2 threads × 3 instances, so every slice moves whole connectors. */
const W4_CONNECTORS = 240
const W5_MEMBERS = 50
const W8_PAGE = 100

const getHeaders = (ctx: PhaseContext) => ({ authorization: `Bearer ${ctx.token}` })
const postHeaders = (ctx: PhaseContext) => ({
  ...getHeaders(ctx),
  'content-type': 'application/json',
})
const fixed = (spec: LoadSpec) => async () => spec
const get = (path: string): LoadRequest => ({ method: 'GET', path })

export const WORKLOADS: readonly Workload[] = [
  {
    id: 'W1',
    title: 'GET one connector group',
    async prepare(ctx) {
      const reply = await ctx.server.ask({ type: 'sample-groups', count: 100 })
      if (reply.type !== 'sampled') throw new Error(`unexpected ${reply.type}`)
      const requests = reply.ids.map((id) => get(`${GROUPS}/${id}`))
      return { nextRun: fixed({ requests, headers: getHeaders(ctx) }), expectStatus: 200 }
    },
  },
  {
    id: 'W2',
    title: 'GET connector groups $top=100',
    async prepare(ctx) {
      const requests = [get(`${GROUPS}?$top=100`)]
      return { nextRun: fixed({ requests, headers: getHeaders(ctx) }), expectStatus: 200 }
    },
  },
  {
    id: 'W3',
    title: 'POST a connector group',
    async prepare(ctx) {
      const body = JSON.stringify({ name: W3_PREFIX, region: 'eur' })
      const requests: LoadRequest[] = [{ method: 'POST', path: GROUPS, body }]
      return {
        nextRun: fixed({ requests, headers: postHeaders(ctx) }),
        // Later workloads (W7 scans names) and rounds must see the table as seeded.
        afterRun: async () =>
          void (await ctx.server.ask({ type: 'delete-groups', prefix: W3_PREFIX })),
        expectStatus: 201,
      }
    },
  },
  {
    id: 'W4',
    title: 'POST members/$ref (move a connector)',
    async prepare(ctx) {
      const connectors = await ctx.api.registerConnectors(W4_CONNECTORS, 'w4')
      let run = 0
      return {
        // Two new groups per run: every connector is in neither, so the first move of each is a
        // real one, and then A → B is too (slot j and slot n + j are the same connector).
        async nextRun() {
          run++
          const a = await ctx.api.createGroup(`w4-${run}-a`)
          const b = await ctx.api.createGroup(`w4-${run}-b`)
          const requests = [a, b].flatMap((group) =>
            connectors.map((id, index) => ({
              method: 'POST' as const,
              path: `${GROUPS}/${group}/members/$ref`,
              body: JSON.stringify({ '@odata.id': connectorRef(id) }),
              partition: index,
            })),
          )
          return { requests, headers: postHeaders(ctx) }
        },
      }
    },
  },
  {
    id: 'W5',
    title: `GET members of a group with ${W5_MEMBERS} connectors`,
    async prepare(ctx) {
      const group = await ctx.api.createGroup('w5-members')
      for (const id of await ctx.api.registerConnectors(W5_MEMBERS, 'w5')) {
        await ctx.api.moveConnector(id, group)
      }
      const requests = [get(`${GROUPS}/${group}/members`)]
      return { nextRun: fixed({ requests, headers: getHeaders(ctx) }), expectStatus: 200 }
    },
  },
  {
    id: 'W6',
    title: 'GET transitiveMembers of a group with 10,000 nested members',
    async prepare(ctx) {
      const prepared = await prepareTransitiveMembers(ctx.api)
      if (typeof prepared === 'string') return prepared
      const requests = [get(`/v1.0/groups/${prepared.rootId}/transitiveMembers`)]
      return { nextRun: fixed({ requests, headers: getHeaders(ctx) }), expectStatus: 200 }
    },
  },
  {
    id: 'W7',
    title: 'GET a filtered, ordered page',
    async prepare(ctx) {
      const query = new URLSearchParams({
        $filter: "startswith(name,'g') and region eq 'eur'",
        $orderby: 'name',
        $top: '50',
      })
      const requests = [get(`${GROUPS}?${query.toString().replace(/\+/g, '%20')}`)]
      return { nextRun: fixed({ requests, headers: getHeaders(ctx) }), expectStatus: 200 }
    },
  },
  {
    id: 'W8',
    title: `page through all groups with @odata.nextLink ($top=${W8_PAGE})`,
    async prepare(ctx) {
      // One client walks the whole collection once, following nextLink verbatim; then the load
      // asks for those pages in turn, so the runs measure pages from the first to the last.
      const started = performance.now()
      const pages: string[] = []
      let next: string | undefined = `${GROUPS}?$top=${W8_PAGE}`
      let items = 0
      while (next !== undefined) {
        // Several instances name their shared public URL; the path goes to the first instance,
        // as a load balancer in front of them would send it.
        const url = new URL(next, 'http://placeholder')
        const path = `${url.pathname}${url.search}`
        pages.push(path)
        const { body } = await ctx.api.call('GET', path, undefined, 200)
        items += (body.value as unknown[]).length
        next = body['@odata.nextLink'] as string | undefined
      }
      const walkMs = Math.round(performance.now() - started)
      return {
        nextRun: fixed({ requests: pages.map(get), headers: getHeaders(ctx) }),
        expectStatus: 200,
        notes: { pages: pages.length, items, sequentialWalkMs: walkMs },
      }
    },
  },
]
