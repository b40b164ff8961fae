// Keyset $skiptoken: the last row's sort-key values plus a fingerprint of the query, signed with
// HMAC-SHA256 so that a modified token, or one replayed on another query, is a 400 (spec §7.2).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { errors } from '../errors/catalogue.js'
import { printFilter, printSearch } from './print.js'
import type { QueryOptions } from './syntax.js'

/** One sort-key value as the store read it; the last one is always the row's id. */
export type KeyValue = string | number | boolean | null

interface Payload {
  /** Format version, so the encoding can change without accepting old tokens by accident. */
  readonly v: 1
  readonly q: string
  readonly k: readonly KeyValue[]
}

// Every list request fingerprints its query, and most repeat one of a few: each hash made a Node
// crypto object, a third of the crypto of a nextLink page (W8 in bench/README.md). Bounded, as
// $filter texts are the client's.
const MAX_FINGERPRINTS = 1_000
const fingerprints = new Map<string, string>()

/**
 * The parts of a query a token belongs to. $top, $select and $count may change between pages
 * without changing which row comes next, so they are not part of it.
 */
export function queryFingerprint(
  options: Pick<QueryOptions, 'filter' | 'orderby' | 'search'>,
): string {
  const canonical = JSON.stringify([
    options.filter === undefined ? null : printFilter(options.filter.expr),
    (options.orderby ?? []).map((key) => `${key.path.join('/')} ${key.direction}`),
    options.search === undefined ? null : printSearch(options.search.expr),
  ])
  let fingerprint = fingerprints.get(canonical)
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(canonical).digest('base64url').slice(0, 22)
    if (fingerprints.size >= MAX_FINGERPRINTS) fingerprints.clear()
    fingerprints.set(canonical, fingerprint)
  }
  return fingerprint
}

/** What a skip token is signed for and with: the query's fingerprint and the server's secret. */
export interface SkipTokenSeal {
  readonly fingerprint: string
  readonly secret: string
}

function sign(body: string, secret: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest()
}

export function encodeSkipToken(
  keys: readonly KeyValue[],
  fingerprint: string,
  secret: string | Buffer,
): string {
  const payload: Payload = { v: 1, q: fingerprint, k: keys }
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${sign(body, secret).toString('base64url')}`
}

function isKeyValue(value: unknown): value is KeyValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

/** Verifies the signature, the query fingerprint and the key count; returns the key values. */
export function decodeSkipToken(
  token: string,
  expected: {
    readonly fingerprint: string
    readonly keyCount: number
    readonly secret: string | Buffer
  },
): KeyValue[] {
  // Made only when needed: an error captures a stack, which costs more than the check.
  const invalid = () => errors.invalidSkipToken()
  const dot = token.indexOf('.')
  if (dot < 0) throw invalid()
  const body = token.slice(0, dot)
  const signature = Buffer.from(token.slice(dot + 1), 'base64url')
  const actual = sign(body, expected.secret)
  // base64url decoding ignores stray characters, so compare the re-encoded text as well.
  if (
    signature.length !== actual.length ||
    !timingSafeEqual(signature, actual) ||
    signature.toString('base64url') !== token.slice(dot + 1)
  ) {
    throw invalid()
  }
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    throw invalid()
  }
  const p = payload as Partial<Payload> | null
  if (
    typeof p !== 'object' ||
    p === null ||
    p.v !== 1 ||
    p.q !== expected.fingerprint ||
    !Array.isArray(p.k) ||
    p.k.length !== expected.keyCount ||
    !p.k.every(isKeyValue)
  ) {
    throw invalid()
  }
  return [...p.k]
}
