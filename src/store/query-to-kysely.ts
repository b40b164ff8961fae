// BoundQuery parts → Kysely expressions: where, order by and the keyset predicate. Every value is a
// bound parameter; SQL text comes only from the fixed templates below. Works on SQLite and PostgreSQL.
import { sql } from 'kysely'
import type { Expression, RawBuilder, SelectQueryBuilder, SqlBool } from 'kysely'
import type { PropertyType } from '../model/types.js'
import { assertNever } from '../odata/assert-never.js'
import type { BoundFilter, BoundOperand, BoundOrderKey, BoundSearch } from '../odata/bound.js'
import type { KeyValue } from '../odata/skiptoken.js'
import { isStringKey } from './keyset.js'
import type { CompareOp, Literal } from '../odata/syntax.js'

/** Maps a property name (a path joined with '/') to its column or computed SQL expression. */
export type ColumnResolver = (propertyName: string) => RawBuilder<unknown>

/** Dialect-specific access to the elements of a JSON text array column (e.g. groupTypes). */
export interface JsonArrayStrategy {
  /** `EXISTS (… element of column … WHERE predicate(element))`; the element is text. */
  someElement(
    column: Expression<unknown>,
    predicate: (element: Expression<unknown>) => Expression<SqlBool>,
  ): Expression<SqlBool>
}

export interface CompileOptions {
  readonly column: ColumnResolver
  /** Needed only for any/all lambdas; see store/sqlite/json-array.ts and store/postgres/json-array.ts. */
  readonly jsonArray?: JsonArrayStrategy
  /**
   * Literal → driver parameter. Default: the value, DateTimeOffsets as UTC `toISOString()` text.
   * SQLite wants booleans as 1/0.
   */
  readonly toParam?: (literal: Literal) => unknown
  /** The key column used as the final tie-break of every ordering. Defaults to 'id'. */
  readonly keyProperty?: string
}

type Options = CompileOptions | ColumnResolver

function normalise(options: Options): CompileOptions {
  return typeof options === 'function' ? { column: options } : options
}

const COMPARE: Record<CompareOp, (l: unknown, r: unknown) => RawBuilder<SqlBool>> = {
  eq: (l, r) => sql`${l} = ${r}`,
  ne: (l, r) => sql`${l} <> ${r}`,
  gt: (l, r) => sql`${l} > ${r}`,
  ge: (l, r) => sql`${l} >= ${r}`,
  lt: (l, r) => sql`${l} < ${r}`,
  le: (l, r) => sql`${l} <= ${r}`,
}

/** `%`, `_` and the escape character itself lose their LIKE meaning (paired with ESCAPE '\'). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

function like(subject: Expression<unknown>, pattern: string): RawBuilder<SqlBool> {
  return sql`lower(${subject}) LIKE lower(${pattern}) ESCAPE '\\'`
}

/**
 * `startswith` as a range on lower(col) too, so an index on lower(col) (migration 0004) seeks to
 * the prefix instead of reading every row; the LIKE stays the exact test. Only for ASCII
 * prefixes, where SQL's lower() and JavaScript's toLowerCase() agree and the next prefix is the
 * last character plus one.
 */
function prefixRange(column: Expression<unknown>, value: string): RawBuilder<SqlBool> | undefined {
  const prefix = value.toLowerCase()
  if (prefix === '' || !/^[\x20-\x7e]*$/.test(prefix)) return undefined
  const last = prefix.charCodeAt(prefix.length - 1)
  if (last >= 0x7e) return undefined
  const next = prefix.slice(0, -1) + String.fromCharCode(last + 1)
  return sql<SqlBool>`lower(${column}) >= ${prefix} AND lower(${column}) < ${next}`
}

// Graph compares directory strings case-insensitively; lower() on both sides does the same on both
// databases. GUIDs are stored as text, so they get the same treatment.
function isText(type: PropertyType): boolean {
  return type.kind === 'primitive' && (type.edm === 'Edm.String' || type.edm === 'Edm.Guid')
}

class FilterCompiler {
  readonly #o: CompileOptions

  constructor(options: CompileOptions) {
    this.#o = options
  }

  param(literal: Literal): unknown {
    if (this.#o.toParam !== undefined) return this.#o.toParam(literal)
    // Offsets vary in the text (`+01:00`, `Z`); the stored form is toISOString()'s UTC text.
    if (literal.type === 'dateTimeOffset') return new Date(literal.value).toISOString()
    return literal.value
  }

  #subject(target: BoundOperand, element: Expression<unknown> | undefined): Expression<unknown> {
    if (target.kind === 'property') return this.#o.column(target.property.name)
    if (element === undefined)
      throw new Error(`Lambda variable '${target.variable}' outside a lambda`)
    return element
  }

  /** Nullable subjects are guarded so that every predicate is two-valued and `not` is exact. */
  #mayBeNull(target: BoundOperand): boolean {
    return (
      target.kind === 'property' &&
      (target.property.def.nullable || target.property.def.access === 'computed')
    )
  }

  compile(filter: BoundFilter, element?: Expression<unknown>): Expression<SqlBool> {
    switch (filter.kind) {
      case 'logical': {
        const left = this.compile(filter.left, element)
        const right = this.compile(filter.right, element)
        return filter.op === 'and'
          ? sql<SqlBool>`(${left} AND ${right})`
          : sql<SqlBool>`(${left} OR ${right})`
      }
      case 'not':
        return sql<SqlBool>`(NOT ${this.compile(filter.operand, element)})`
      case 'compare': {
        const column = this.#subject(filter.target, element)
        if (filter.value.type === 'null') {
          return filter.op === 'eq'
            ? sql<SqlBool>`(${column} IS NULL)`
            : sql<SqlBool>`(${column} IS NOT NULL)`
        }
        const value = this.param(filter.value)
        const text = isText(filter.target.type)
        const test = COMPARE[filter.op](
          text ? sql`lower(${column})` : column,
          text ? sql`lower(${value})` : value,
        )
        if (!this.#mayBeNull(filter.target)) return sql<SqlBool>`(${test})`
        // OData: null ne 'x' is true, null eq 'x' (and gt, lt …) is false.
        return filter.op === 'ne'
          ? sql<SqlBool>`(${column} IS NULL OR ${test})`
          : sql<SqlBool>`(${column} IS NOT NULL AND ${test})`
      }
      case 'in': {
        const column = this.#subject(filter.target, element)
        const text = isText(filter.target.type)
        const values = filter.values.map((v) => (v.type === 'null' ? null : this.param(v)))
        const nonNull = values.filter((v) => v !== null)
        const list = sql.join(nonNull.map((v) => (text ? sql`lower(${v})` : sql`${v}`)))
        const member =
          nonNull.length === 0
            ? sql<SqlBool>`(1 = 0)`
            : sql<SqlBool>`(${column} IS NOT NULL AND ${text ? sql`lower(${column})` : column} IN (${list}))`
        return values.includes(null) ? sql<SqlBool>`(${column} IS NULL OR ${member})` : member
      }
      case 'call': {
        const column = this.#subject(filter.target, element)
        const escaped = escapeLike(filter.value)
        const pattern =
          filter.name === 'startswith'
            ? `${escaped}%`
            : filter.name === 'endswith'
              ? `%${escaped}`
              : `%${escaped}%`
        const range = filter.name === 'startswith' ? prefixRange(column, filter.value) : undefined
        return range === undefined
          ? sql<SqlBool>`(${column} IS NOT NULL AND ${like(column, pattern)})`
          : sql<SqlBool>`(${column} IS NOT NULL AND ${range} AND ${like(column, pattern)})`
      }
      case 'lambda': {
        const strategy = this.#o.jsonArray
        if (strategy === undefined) throw new Error('No JsonArrayStrategy configured for any/all')
        const column = this.#o.column(filter.collection.name)
        const predicate = filter.predicate
        if (predicate === null) return strategy.someElement(column, () => sql<SqlBool>`(1 = 1)`)
        if (filter.op === 'any')
          return strategy.someElement(column, (el) => this.compile(predicate, el))
        // all(p) = no element where not p; an empty or NULL array satisfies it, as in OData.
        return sql<SqlBool>`(NOT ${strategy.someElement(column, (el) => sql<SqlBool>`(NOT ${this.compile(predicate, el)})`)})`
      }
      default:
        return assertNever(filter)
    }
  }
}

export function filterExpression(filter: BoundFilter, options: Options): Expression<SqlBool> {
  return new FilterCompiler(normalise(options)).compile(filter)
}

export function applyFilter<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  filter: BoundFilter | undefined,
  options: Options,
): SelectQueryBuilder<DB, TB, O> {
  return filter === undefined ? qb : qb.where(filterExpression(filter, options))
}

/** Graph's $search on directory objects matches word prefixes (spec §7.2, D-GLMO). */
export function searchExpression(search: BoundSearch, options: Options): Expression<SqlBool> {
  const o = normalise(options)
  switch (search.kind) {
    case 'term': {
      const column = o.column(search.property.name)
      const escaped = escapeLike(search.value)
      return sql<SqlBool>`(${like(column, `${escaped}%`)} OR ${like(column, `% ${escaped}%`)})`
    }
    case 'and':
    case 'or': {
      const left = searchExpression(search.left, o)
      const right = searchExpression(search.right, o)
      return search.kind === 'and'
        ? sql<SqlBool>`(${left} AND ${right})`
        : sql<SqlBool>`(${left} OR ${right})`
    }
    default:
      return assertNever(search)
  }
}

export function applySearch<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  search: BoundSearch | undefined,
  options: Options,
): SelectQueryBuilder<DB, TB, O> {
  return search === undefined ? qb : qb.where(searchExpression(search, options))
}

// Ordering and keyset paging. NULL sorts after every value (NULLS LAST ascending, FIRST
// descending), written as a leading `(col IS NULL)` key because SQLite and PostgreSQL disagree on
// the default. The key column breaks ties, ascending, so every ordering is total.

/**
 * What a key sorts on: strings case-insensitively, as Graph orders directory strings. Ordering
 * and keyset use the same expression, so paging agrees with the order.
 */
function sortExpression(key: BoundOrderKey, o: CompileOptions): Expression<unknown> {
  const column = o.column(key.property.name)
  return isStringKey(key) ? sql`lower(${column})` : column
}

function sortsNull(key: BoundOrderKey): boolean {
  return key.property.def.nullable || key.property.def.access === 'computed'
}

export function applyOrderBy<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  keys: readonly BoundOrderKey[],
  options: Options,
): SelectQueryBuilder<DB, TB, O> {
  const o = normalise(options)
  let ordered = qb
  for (const key of keys) {
    const column = sortExpression(key, o)
    if (sortsNull(key)) ordered = ordered.orderBy(sql`(${column} IS NULL)`, key.direction)
    ordered = ordered.orderBy(column, key.direction)
  }
  return ordered.orderBy(o.column(o.keyProperty ?? 'id'), 'asc')
}

/**
 * Rows strictly after `after` (the previous page's last row: one value per key, then its id) in
 * the order applyOrderBy sets. For keys (a asc, b desc): `a > ?a OR (a = ?a AND b < ?b) OR
 * (a = ?a AND b = ?b AND id > ?id)`, with the NULL cases spelled out.
 */
export function keysetExpression(
  keys: readonly BoundOrderKey[],
  after: readonly KeyValue[],
  options: Options,
): Expression<SqlBool> {
  const o = normalise(options)
  if (after.length !== keys.length + 1) throw new Error('Keyset values do not match the order keys')
  const param = (value: KeyValue): unknown =>
    typeof value === 'boolean' && o.toParam !== undefined
      ? o.toParam({ kind: 'literal', type: 'boolean', value })
      : value
  const and = (parts: readonly Expression<SqlBool>[]) =>
    sql<SqlBool>`(${sql.join(parts, sql` AND `)})`
  const disjuncts: Expression<SqlBool>[] = []
  const equalSoFar: Expression<SqlBool>[] = []
  for (const [i, key] of keys.entries()) {
    const column = sortExpression(key, o)
    const value = after[i] as KeyValue
    let later: Expression<SqlBool> | undefined
    if (value === null) {
      // Nothing sorts after NULL ascending; everything non-null does descending.
      if (key.direction === 'desc') later = sql<SqlBool>`(${column} IS NOT NULL)`
    } else if (key.direction === 'asc') {
      later = sortsNull(key)
        ? sql<SqlBool>`(${column} > ${param(value)} OR ${column} IS NULL)`
        : sql<SqlBool>`(${column} > ${param(value)})`
    } else {
      later = sql<SqlBool>`(${column} < ${param(value)})`
    }
    if (later !== undefined) disjuncts.push(and([...equalSoFar, later]))
    equalSoFar.push(
      value === null
        ? sql<SqlBool>`(${column} IS NULL)`
        : sql<SqlBool>`(${column} = ${param(value)})`,
    )
  }
  const id = o.column(o.keyProperty ?? 'id')
  disjuncts.push(and([...equalSoFar, sql<SqlBool>`(${id} > ${after[keys.length]})`]))
  return sql<SqlBool>`(${sql.join(disjuncts, sql` OR `)})`
}

export function applyKeyset<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  keys: readonly BoundOrderKey[],
  after: readonly KeyValue[] | undefined,
  options: Options,
): SelectQueryBuilder<DB, TB, O> {
  return after === undefined ? qb : qb.where(keysetExpression(keys, after, options))
}

export type { KeyValue }
