// Raw query-string values → QueryOptions (syntax only). Option names are case-insensitive and, on
// beta, the `$` is optional (OData 4.01 §5; spec §7.2). Non-system parameters are left alone.
import { errors } from '../errors/catalogue.js'
import { parseFilter } from './filter-parser.js'
import { syntaxError } from './lexer.js'
import { parseSearch } from './search-parser.js'
import type { ExpandItem, OrderByKey, QueryOptions } from './syntax.js'

const SYSTEM_OPTIONS = [
  'filter',
  'select',
  'orderby',
  'top',
  'skip',
  'skiptoken',
  'count',
  'expand',
  'search',
] as const
type OptionName = (typeof SYSTEM_OPTIONS)[number]

export interface ParseQueryOptionsOptions {
  /** Beta accepts `filter` for `$filter` (spec §7.2, D-QP); v1.0 treats it as a custom parameter. */
  readonly dollarOptional: boolean
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
const ORDER_KEY = /^([A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+(asc|desc))?$/
const EXPAND_ITEM = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s*\(([\s\S]*)\))?$/

function optionName(key: string, dollarOptional: boolean): OptionName | undefined {
  const hasDollar = key.startsWith('$')
  if (!hasDollar && !dollarOptional) return undefined
  const name = (hasDollar ? key.slice(1) : key).toLowerCase()
  const known = SYSTEM_OPTIONS.find((option) => option === name)
  if (known === undefined && hasDollar) throw errors.queryOptionNotAllowed(key)
  return known
}

/** Splits on `separator` outside parentheses, keeping each part's offset for error messages. */
function splitTopLevel(text: string, separator: string): { part: string; offset: number }[] {
  const parts: { part: string; offset: number }[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i]
    if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (ch === separator || i === text.length) {
      if (depth === 0 || i === text.length) {
        const raw = text.slice(start, i)
        const lead = raw.length - raw.trimStart().length
        parts.push({ part: raw.trim(), offset: start + lead })
        start = i + 1
      }
    }
  }
  return parts
}

function parseSelect(text: string): string[] {
  return splitTopLevel(text, ',').map(({ part, offset }) => {
    if (!IDENTIFIER.test(part)) throw syntaxError(text, offset, 'expected a property name')
    return part
  })
}

function parseOrderBy(text: string): OrderByKey[] {
  return splitTopLevel(text, ',').map(({ part, offset }) => {
    const match = ORDER_KEY.exec(part)
    if (match === null) throw syntaxError(text, offset, "expected 'property [asc|desc]'")
    const direction = match[2] === 'desc' ? 'desc' : 'asc'
    return { path: (match[1] as string).split('/'), direction }
  })
}

function parseExpand(text: string, dollarOptional: boolean): ExpandItem[] {
  return splitTopLevel(text, ',').map(({ part, offset }) => {
    const match = EXPAND_ITEM.exec(part)
    if (match === null)
      throw syntaxError(text, offset, "expected 'navigation' or 'navigation($select=…)'")
    const navigation = match[1] as string
    const nested = match[2]
    if (nested === undefined) return { navigation, select: undefined }
    let select: string[] | undefined
    for (const { part: option } of splitTopLevel(nested, ';')) {
      const eq = option.indexOf('=')
      const key = eq < 0 ? option : option.slice(0, eq).trim()
      const name = optionName(key, dollarOptional)
      // Graph documents only $select inside $expand for these relationships (spec §7.2).
      if (name !== 'select' || eq < 0) throw errors.queryOptionNotAllowed(key)
      if (select !== undefined) throw errors.duplicateQueryOption(key)
      select = parseSelect(option.slice(eq + 1).trim())
    }
    return { navigation, select }
  })
}

/** OData's $top and $skip are Edm.Int32 in Graph's service; larger counts are not integers it reads. */
const MAX_INT32 = 2 ** 31 - 1

function parseNonNegativeInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_INT32) {
    throw errors.badRequest(
      `Invalid value '${text}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`,
    )
  }
  return Number(text)
}

function parseCount(text: string): boolean {
  if (text === 'true' || text === 'false') return text === 'true'
  throw errors.badRequest(`'${text}' is not a valid count option.`)
}

export function parseQueryOptions(
  raw: Readonly<Record<string, string | readonly string[] | undefined>>,
  opts: ParseQueryOptionsOptions,
): QueryOptions {
  const values = new Map<OptionName, { key: string; value: string }>()
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue
    const name = optionName(key, opts.dollarOptional)
    if (name === undefined) continue
    const list = typeof value === 'string' ? [value] : value
    if (list.length > 1 || values.has(name)) throw errors.duplicateQueryOption(`$${name}`)
    values.set(name, { key, value: list[0] ?? '' })
  }
  const text = (name: OptionName) => values.get(name)?.value
  const nonEmpty = <T>(name: OptionName, parse: (value: string) => T): T | undefined => {
    const value = text(name)
    if (value === undefined) return undefined
    if (value.trim() === '') throw syntaxError(value, 0, `$${name} needs a value`)
    return parse(value)
  }

  const top = text('top')
  const skip = text('skip')
  const count = text('count')
  return {
    filter: nonEmpty('filter', (value) => ({ text: value, expr: parseFilter(value) })),
    select: nonEmpty('select', parseSelect),
    orderby: nonEmpty('orderby', parseOrderBy),
    top: top === undefined ? undefined : { raw: top, value: parseNonNegativeInteger('$top', top) },
    skip: skip === undefined ? undefined : parseNonNegativeInteger('$skip', skip),
    skiptoken: text('skiptoken'),
    count: count === undefined ? undefined : parseCount(count),
    expand: nonEmpty('expand', (value) => parseExpand(value, opts.dollarOptional)),
    search: nonEmpty('search', (value) => ({ text: value, expr: parseSearch(value) })),
  }
}
