// W6's data: a security group with 10,000 nested members (100 groups of 99 groups each), written
// through Graph's own directory API, so that the bench never depends on the directory tables. The
// members are groups, not users: creating a user hashes its password (scrypt, tens of ms each),
// which would make seeding take longer than every run together. Where the route is missing, W6 is
// skipped with the reason, never measured against something else.
import { randomUUID } from 'node:crypto'
import type { Api } from './api.js'

const SUBGROUPS = 100
const MEMBERS_PER_SUBGROUP = 99
/** Requests in flight while seeding: enough to overlap round trips, few enough to stay polite. */
const PARALLEL = 8

export interface TransitiveMembersData {
  rootId: string
}

/** Whether GET groups/{id}/transitiveMembers is routed: a missing group (404) says it is. */
async function routeMissing(api: Api): Promise<string | undefined> {
  const probe = await api.call('GET', `/v1.0/groups/${randomUUID()}/transitiveMembers`)
  const code = (probe.body as { error?: { code?: string } } | undefined)?.error?.code
  if (probe.status === 404 && code === 'Request_ResourceNotFound') return undefined
  return `GET /v1.0/groups/{id}/transitiveMembers is not routed yet (${probe.status} ${code ?? ''}); it comes with the directory issue`
}

async function inParallel<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      results[i] = await make(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, count) }, worker))
  return results
}

const directoryRef = (id: string) => ({
  '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}`,
})

async function createGroup(api: Api, name: string): Promise<string> {
  const body = { displayName: name, mailEnabled: false, mailNickname: name, securityEnabled: true }
  return (await api.call('POST', '/v1.0/groups', body, 201)).body.id as string
}

export async function prepareTransitiveMembers(api: Api): Promise<TransitiveMembersData | string> {
  const missing = await routeMissing(api)
  if (missing !== undefined) return missing
  const run = randomUUID().slice(0, 8)
  const rootId = await createGroup(api, `w6-${run}-root`)
  await inParallel(SUBGROUPS, async (g) => {
    const subgroup = await createGroup(api, `w6-${run}-${g}`)
    await api.call('POST', `/v1.0/groups/${rootId}/members/$ref`, directoryRef(subgroup), 204)
    for (let m = 0; m < MEMBERS_PER_SUBGROUP; m++) {
      const member = await createGroup(api, `w6-${run}-${g}-${m}`)
      await api.call('POST', `/v1.0/groups/${subgroup}/members/$ref`, directoryRef(member), 204)
    }
  })
  return { rootId }
}
