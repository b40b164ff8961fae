// The one error type of the server. It holds data only; http/error-handler.ts renders it.

export interface GraphErrorDetail {
  target?: string
  code: string
  message?: string
}

export interface GraphErrorOptions {
  target?: string
  details?: GraphErrorDetail[]
  headers?: Record<string, string>
  /** Fields Graph adds inside `innerError` for some errors (throttling: code, message, status). */
  innerError?: Record<string, string>
  cause?: unknown
}

export class GraphError extends Error {
  readonly status: number
  readonly code: string
  readonly target: string | undefined
  readonly details: GraphErrorDetail[] | undefined
  readonly headers: Record<string, string>
  readonly innerError: Record<string, string>

  constructor(status: number, code: string, message: string, options: GraphErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'GraphError'
    this.status = status
    this.code = code
    this.target = options.target
    this.details = options.details
    this.headers = options.headers ?? {}
    this.innerError = options.innerError ?? {}
  }
}

export function isGraphError(value: unknown): value is GraphError {
  return value instanceof GraphError
}
