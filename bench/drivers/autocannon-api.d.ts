// The part of autocannon's API (v8, which ships no types) that bench/drivers/autocannon-child.ts uses.
declare module 'autocannon' {
  interface RawRequest {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
  }
  interface Options {
    url: string
    connections: number
    duration: number
    headers?: Record<string, string>
    requests?: Array<{ setupRequest?: (request: RawRequest) => RawRequest }>
  }
  interface Result {
    duration: number
    requests: { total: number; average: number }
    latency: { p50: number; p99: number }
    errors: number
    timeouts: number
    non2xx: number
  }
  export default function autocannon(options: Options): Promise<Result>
}
