// A small Graph client for seeding through the API before a run (connectors, groups, moves) and
// for the one-off requests of a workload (preflight, W8's walk). Not used under load.

export const PROFILE = '/beta/onPremisesPublishingProfiles/applicationProxy'
/** Absolute @odata.id values name graph.microsoft.com, which every instance accepts (spec §5.2). */
export const connectorRef = (id: string) =>
  `https://graph.microsoft.com/beta/onPremisesPublishingProfiles/applicationProxy/connectors/${id}`

export interface ApiResponse {
  status: number
  // Seeding reads a few known fields of Graph bodies.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
}

export class Api {
  readonly #baseUrl: string
  readonly #token: () => string
  readonly #adminKey: string

  /** `token` is asked for on each call: the runner renews it before each phase. */
  constructor(baseUrl: string, token: () => string, adminKey: string) {
    this.#baseUrl = baseUrl
    this.#token = token
    this.#adminKey = adminKey
  }

  async call(method: string, path: string, body?: unknown, expect?: number): Promise<ApiResponse> {
    const admin = path.startsWith('/_admin/')
    const headers: Record<string, string> = admin
      ? { 'x-admin-key': this.#adminKey }
      : { authorization: `Bearer ${this.#token()}` }
    if (body !== undefined) headers['content-type'] = 'application/json'
    const url = path.startsWith('http') ? path : `${this.#baseUrl}${path}`
    const response = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    const parsed: unknown = text === '' ? undefined : safeJson(text)
    if (expect !== undefined && response.status !== expect) {
      throw new Error(
        `${method} ${path}: expected ${expect}, got ${response.status} ${text.slice(0, 300)}`,
      )
    }
    return { status: response.status, body: parsed }
  }

  async registerConnectors(count: number, label: string): Promise<string[]> {
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const machineName = `${label}-${i}.bench.contoso.com`
      const { body } = await this.call(
        'POST',
        '/_admin/connectors',
        { machineName, externalIp: '203.0.113.7' },
        201,
      )
      ids.push(body.id as string)
    }
    return ids
  }

  async createGroup(name: string, region = 'nam'): Promise<string> {
    const { body } = await this.call('POST', `${PROFILE}/connectorGroups`, { name, region }, 201)
    return body.id as string
  }

  async moveConnector(connectorId: string, groupId: string): Promise<void> {
    await this.call(
      'POST',
      `${PROFILE}/connectorGroups/${groupId}/members/$ref`,
      { '@odata.id': connectorRef(connectorId) },
      204,
    )
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
