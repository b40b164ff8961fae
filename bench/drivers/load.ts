// What a load driver is given and what it reports, whichever tool (wrk or autocannon) runs it.

export interface LoadRequest {
  method: 'GET' | 'POST'
  /** Path and query, e.g. `/beta/onPremisesPublishingProfiles/applicationProxy/connectorGroups`. */
  path: string
  body?: string
  /**
   * Requests with the same value go to the same instance when several are driven (W4: one
   * connector is moved through one instance only, so its moves never overlap).
   */
  partition?: number
}

export interface LoadSpec {
  /**
   * Sent in turn. With several, request i goes to slot i mod n, and each wrk thread takes every
   * T-th slot, so that W4's moves of one connector never overlap (bench/workloads.ts).
   */
  requests: readonly LoadRequest[]
  headers: Readonly<Record<string, string>>
}

export interface LoadOptions {
  durationSeconds: number
  connections: number
}

export interface LoadResult {
  driver: 'wrk' | 'autocannon'
  requests: number
  durationSeconds: number
  rps: number
  p50Ms: number
  p99Ms: number
  /** Responses with a status of 400 or more (wrk's "Non-2xx or 3xx responses") plus socket errors and timeouts. */
  errors: number
  /** The errors by kind, where the driver tells them apart (wrk: status, connect, read, write, timeout). */
  errorKinds?: Record<string, number>
  /**
   * CPU time of the process(es) that answered, user and kernel, per request, in µs (set by
   * bench/run.ts). Unlike req/s it hardly moves when the host lends the VM less CPU.
   */
  cpuUsPerRequest?: number
}

export interface LoadDriver {
  readonly name: 'wrk' | 'autocannon'
  run(spec: LoadSpec, baseUrl: string, options: LoadOptions): Promise<LoadResult>
}

/**
 * Several instances (PostgreSQL ×3) are driven by one driver process each, the connections split
 * between them; throughput adds up, p50 is the request-weighted mean and p99 the worst instance's.
 */
export async function runOnAll(
  driver: LoadDriver,
  spec: LoadSpec,
  baseUrls: readonly string[],
  options: LoadOptions,
): Promise<LoadResult> {
  if (baseUrls.length === 1) return driver.run(spec, baseUrls[0] as string, options)
  const share = (i: number) =>
    Math.floor(options.connections / baseUrls.length) +
    (i < options.connections % baseUrls.length ? 1 : 0)
  const slice = (i: number): LoadSpec =>
    spec.requests.some((r) => r.partition !== undefined)
      ? {
          ...spec,
          requests: spec.requests.filter((r) => (r.partition ?? 0) % baseUrls.length === i),
        }
      : spec
  const results = await Promise.all(
    baseUrls.map((url, i) => driver.run(slice(i), url, { ...options, connections: share(i) })),
  )
  const requests = results.reduce((sum, r) => sum + r.requests, 0)
  return {
    driver: driver.name,
    requests,
    durationSeconds: Math.max(...results.map((r) => r.durationSeconds)),
    rps: results.reduce((sum, r) => sum + r.rps, 0),
    p50Ms: results.reduce((sum, r) => sum + r.p50Ms * r.requests, 0) / Math.max(1, requests),
    p99Ms: Math.max(...results.map((r) => r.p99Ms)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    errorKinds: results.reduce<Record<string, number>>((sum, r) => {
      for (const [kind, n] of Object.entries(r.errorKinds ?? {})) sum[kind] = (sum[kind] ?? 0) + n
      return sum
    }, {}),
  }
}
