// Pages of a collection as JSON text: the statement that reads them, and the reader it goes to
// (page-json.ts says where that runs).
//
// A page without $filter or $search has a statement whose SQL depends only on its shape: the
// order, the page size, $skip, $select, and which keyset values are null or boolean. It is built
// and compiled once per shape and run with each request's values after that (stand-ins, as in
// compiled-statement.ts): building and compiling it with Kysely took ~60 µs of every page's
// request thread, a fifth of it (W8 in bench/README.md). A filter's literals can be rewritten
// before they are bound (LIKE patterns are escaped), which stand-ins cannot follow, so those
// pages are built each time.
import { sql } from 'kysely'
import type { Kysely, RawBuilder, SelectQueryBuilder } from 'kysely'
import type { EntityTypeDef, PropertyDef } from '../model/types.js'
import type { KeyValue } from '../odata/skiptoken.js'
import { CompiledStatement } from './compiled-statement.js'
import { keysetShape } from './keyset.js'
import { ITEM_JSON } from './page-json.js'
import type { JsonPage, PageReader, PageShape } from './page-json.js'
import { countRows, pageQuery } from './paging.js'
import type { ListQuery } from './paging.js'
import type { ColumnResolver, CompileOptions } from './query-to-kysely.js'

/**
 * How a dialect has the database write an item's JSON text, byte for byte what JSON.stringify
 * writes for the decoded item, so that a page's rows arrive as one string each instead of values
 * to decode and serialise again (SQLite's: sqlite/item-json.ts).
 */
export interface ItemJsonStrategy {
  /** The item's JSON with these properties in this order; undefined where one cannot be so written. */
  item(
    properties: readonly (readonly [string, PropertyDef])[],
    column: ColumnResolver,
  ): RawBuilder<string> | undefined
}

/** Where JSON pages are read, and whether the database writes their items. */
export interface JsonPages {
  readonly reader: PageReader
  readonly itemJson?: ItemJsonStrategy
  /** Sources whose stored item column is current (sqlite/stored-items.ts): pages read it. */
  readonly storedItems?: ReadonlySet<string>
}

/** The values a page source binds: the tenant, the group, the clock. */
export type SourceValues = Readonly<Record<string, string>>

/** A collection pages come from, as its store describes it once. */
export interface PageSource<DB, TB extends keyof DB, V extends SourceValues = SourceValues> {
  /** Names the source among the compiled statements. */
  readonly name: string
  readonly entity: EntityTypeDef
  /** The properties the store shows, each a name the column resolver knows. */
  readonly columns: readonly string[]
  /**
   * A table of this name may keep each row's item, every one of `columns`, in a stored column
   * (sqlite/stored-items.ts); pages without $select read it where JsonPages.storedItems says so.
   */
  readonly storedItemTable?: string
  /** The rows pages come from. It and `compile` may only pass the values on to Kysely as they are. */
  from(db: Kysely<DB>, values: V): SelectQueryBuilder<DB, TB, object>
  compile(values: V): CompileOptions
}

/** One page to read: from where, for whom, which. */
export interface JsonPageRequest<DB, TB extends keyof DB, V extends SourceValues> {
  readonly db: Kysely<DB>
  readonly source: PageSource<DB, TB, V>
  readonly values: V
  readonly query: ListQuery
  readonly pages: JsonPages
  readonly select: readonly string[] | undefined
}

/** What the statement is built from: the request, but for where it is read. */
interface PageBuild<DB, TB extends keyof DB, V extends SourceValues> extends Omit<
  JsonPageRequest<DB, TB, V>,
  'pages'
> {
  readonly itemJson: ItemJsonStrategy | undefined
  /** Whether the source's stored item column is current. */
  readonly storedItem: boolean
}

interface BuiltPage<DB, TB extends keyof DB> {
  readonly page: SelectQueryBuilder<DB, TB, object>
  readonly filtered: SelectQueryBuilder<DB, TB, object>
  readonly shape: PageShape
}

/** The source's properties an answer shows, in the model's order, $select applied. */
export function shownProperties(
  source: Pick<PageSource<never, never>, 'entity' | 'columns'>,
  select: readonly string[] | undefined,
): [string, PropertyDef][] {
  return Object.entries(source.entity.properties).filter(
    ([name]) => source.columns.includes(name) && (select?.includes(name) ?? true),
  )
}

function buildPage<DB, TB extends keyof DB, V extends SourceValues>(
  build: PageBuild<DB, TB, V>,
): BuiltPage<DB, TB> {
  const { db, source, values, query, select } = build
  const options = source.compile(values)
  const keyset = keysetShape(query.orderBy, options.keyProperty)
  const shown = shownProperties(source, select)
  const item =
    build.storedItem && select === undefined && source.storedItemTable !== undefined
      ? sql.ref<string>(`${source.storedItemTable}.${ITEM_JSON}`)
      : build.itemJson?.item(shown, options.column)
  const shownNames = shown.map(([name]) => name)
  const keysetShown = keyset.names.every((name) => shownNames.includes(name))
  // Only what the answer and the next keyset need is read.
  const names = new Set(item !== undefined && keysetShown ? [] : keyset.names)
  if (item === undefined) for (const name of shownNames) names.add(name)
  const columns = [...names].map((name) => options.column(name).as(name))
  const base = source
    .from(db, values)
    .select(item === undefined ? columns : [item.as(ITEM_JSON), ...columns])
  const { page, filtered } = pageQuery(base, query, options)
  // A sort key the answer does not show must not reach it: project to the shown names.
  const projection = select ?? (keysetShown ? undefined : shownNames)
  const shape: PageShape = {
    entity: source.entity.name,
    pageSize: query.pageSize,
    keyset,
    ...(item !== undefined
      ? { itemsAsJson: true, ...(keysetShown ? { keysetInItem: true } : {}) }
      : projection === undefined
        ? {}
        : { select: projection }),
  }
  return { page, filtered, shape }
}

interface CachedPage {
  readonly statement: CompiledStatement<unknown, Record<string, unknown>, unknown>
  readonly shape: PageShape
}

// Bounded: ad-hoc $select and $orderby combinations must not grow it without end.
const MAX_CACHED = 500
const cached = new Map<string, CachedPage>()

/** Keyset values become parameters; nulls and booleans shape the SQL, so they are in the key. */
const isParameter = (value: KeyValue): boolean =>
  typeof value === 'string' || typeof value === 'number'
const keysetParameter = (i: number) => `@after${i}`

function cacheKey<DB, TB extends keyof DB, V extends SourceValues>(
  build: PageBuild<DB, TB, V>,
): string {
  const { source, query, select } = build
  const items = build.itemJson === undefined ? 'rows' : build.storedItem ? 'stored' : 'json'
  const order = query.orderBy.map((key) => `${key.property.name} ${key.direction}`).join(',')
  const after =
    query.after?.map((value) => (isParameter(value) ? '?' : String(value))).join(',') ?? '-'
  return [
    source.name,
    items,
    order,
    after,
    query.pageSize,
    query.skip ?? 0,
    select?.join(',') ?? '*',
  ].join('|')
}

/**
 * The page `list` gives for `query`, the source's columns shown and $select applied, as JSON
 * text made by the reader (page-json.ts), with the count when the query asks for it.
 */
export async function selectJsonPage<DB, TB extends keyof DB, V extends SourceValues>(
  request: JsonPageRequest<DB, TB, V>,
): Promise<JsonPage> {
  const { db, source, values, query, pages, select } = request
  const storedItem = pages.storedItems?.has(source.name) ?? false
  const build = { db, source, values, query, select, itemJson: pages.itemJson, storedItem }
  if (query.filter !== undefined || query.search !== undefined || query.count === true) {
    const { page, filtered, shape } = buildPage(build)
    const { sql, parameters } = page.compile()
    const items = await pages.reader.read({ sql, parameters }, shape, query.seal)
    return query.count === true ? { ...items, count: await countRows(filtered) } : items
  }
  const key = cacheKey(build)
  let page = cached.get(key)
  if (page === undefined) {
    const { shape } = buildPage(build)
    // Only the page's shape is kept from this request: not its values, nor its connection.
    const { itemJson } = pages
    const statement = new CompiledStatement((db: Kysely<DB>, named: Record<string, unknown>) => {
      const after = query.after?.map((value, i) =>
        isParameter(value) ? (named[keysetParameter(i)] as KeyValue) : value,
      )
      const structure: ListQuery = { ...query, ...(after === undefined ? {} : { after }) }
      return buildPage({
        db,
        source,
        values: named as V,
        query: structure,
        select,
        itemJson,
        storedItem,
      }).page
    })
    page = { statement: statement as CachedPage['statement'], shape }
    if (cached.size >= MAX_CACHED) cached.clear()
    cached.set(key, page)
  }
  const named: Record<string, unknown> = { ...values }
  query.after?.forEach((value, i) => {
    if (isParameter(value)) named[keysetParameter(i)] = value
  })
  const { sql, parameters } = page.statement.compile(db as Kysely<unknown>, named)
  return pages.reader.read({ sql, parameters }, page.shape, query.seal)
}
