// W6's data: a group with 10,000 nested members (100 subgroups of 99 users each), written through
// Graph's own directory API. That API belongs to the directory issue; until its routes exist, W6
// is skipped with the reason, never measured against something else.
import { randomUUID } from 'node:crypto'
import type { Api } from './api.js'

const SUBGROUPS = 100
const USERS_PER_SUBGROUP = 99
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

const directoryRef = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` })

async function createGroup(api: Api, name: string): Promise<string> {
  const body = { displayName: name, mailEnabled: false, mailNickname: name, securityEnabled: true }
  return (await api.call('POST', '/v1.0/groups', body, 201)).body.id as string
}

export async function prepareTransitiveMembers(api: Api): Promise<TransitiveMembersData | string> {
  const missing = await routeMissing(api)
  if (missing !== undefined) return missing
  const { body: tenants } = await api.call('GET', '/_admin/tenants', undefined, 200)
  const domain = (tenants.value[0] as { defaultDomain: string }).defaultDomain
  const run = randomUUID().slice(0, 8)
  const rootId = await createGroup(api, `w6-${run}-root`)
  await inParallel(SUBGROUPS, async (g) => {
    const subgroup = await createGroup(api, `w6-${run}-sub${g}`)
    await api.call('POST', `/v1.0/groups/${rootId}/members/$ref`, directoryRef(subgroup), 204)
    for (let u = 0; u < USERS_PER_SUBGROUP; u++) {
      const nickname = `w6-${run}-${g}-${u}`
      const { body: user } = await api.call(
        'POST',
        '/v1.0/users',
        {
          accountEnabled: true,
          displayName: nickname,
          mailNickname: nickname,
          userPrincipalName: `${nickname}@${domain}`,
          passwordProfile: { password: `Bench-${randomUUID()}`, forceChangePasswordNextSignIn: false },
        },
        201,
      )
      await api.call('POST', `/v1.0/groups/${subgroup}/members/$ref`, directoryRef(user.id as string), 204)
    }
  })
  return { rootId }
}
