// Small builders for directory tests: users and groups with unique names, through the real API.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { TestServer } from './start-test-server.js'

export const DOMAIN = 'contoso.onmicrosoft.com'

export async function newUser(
  server: TestServer,
  name = `user-${randomUUID().slice(0, 8)}`,
): Promise<{ id: string; userPrincipalName: string }> {
  const response = await server.call('POST', '/v1.0/users', {
    accountEnabled: true,
    displayName: name,
    mailNickname: name,
    userPrincipalName: `${name}@${DOMAIN}`,
    passwordProfile: { password: 'P@ssw0rd-123456', forceChangePasswordNextSignIn: false },
  })
  assert.equal(response.status, 201, response.text)
  return response.body
}

export async function newGroup(
  server: TestServer,
  options: {
    name?: string
    groupTypes?: string[]
    mailEnabled?: boolean
    extra?: Record<string, unknown>
  } = {},
): Promise<{ id: string; displayName: string }> {
  const name = options.name ?? `group-${randomUUID().slice(0, 8)}`
  const unified = options.groupTypes?.includes('Unified') === true
  const response = await server.call('POST', '/v1.0/groups', {
    displayName: name,
    mailNickname: name,
    mailEnabled: options.mailEnabled ?? unified,
    securityEnabled: !unified,
    groupTypes: options.groupTypes ?? [],
    ...options.extra,
  })
  assert.equal(response.status, 201, response.text)
  return response.body
}

export const ref = (id: string) => ({
  '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}`,
})

export async function addMember(
  server: TestServer,
  groupId: string,
  memberId: string,
): Promise<void> {
  const response = await server.call('POST', `/v1.0/groups/${groupId}/members/$ref`, ref(memberId))
  assert.equal(response.status, 204, response.text)
}

export async function ids(
  server: TestServer,
  path: string,
  headers: Record<string, string> = {},
): Promise<string[]> {
  const all: string[] = []
  let url: string | undefined = path
  while (url !== undefined) {
    const response = await server.call('GET', url.replace(server.baseUrl, ''), undefined, headers)
    assert.equal(response.status, 200, response.text)
    all.push(...(response.body.value as Array<{ id: string }>).map((item) => item.id))
    url = response.body['@odata.nextLink']
  }
  return all
}
