// The syntax tree of OData query options: what the text says, before any name or type is checked
// against the model (bind.ts does that). Every union is discriminated on `kind`.

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'
export type LogicalOp = 'and' | 'or'
export type FunctionName = 'startswith' | 'endswith' | 'contains'
export type LambdaOp = 'any' | 'all'

/** Literals stay typed from the lexer to the SQL parameter (STYLE.md §4). */
export type Literal =
  | { readonly kind: 'literal'; readonly type: 'string'; readonly value: string }
  | { readonly kind: 'literal'; readonly type: 'number'; readonly value: number }
  | { readonly kind: 'literal'; readonly type: 'boolean'; readonly value: boolean }
  | { readonly kind: 'literal'; readonly type: 'null'; readonly value: null }
  | { readonly kind: 'literal'; readonly type: 'guid'; readonly value: string }
  | { readonly kind: 'literal'; readonly type: 'dateTimeOffset'; readonly value: string }

export type LiteralType = Literal['type']

/** `region`, `onPremisesPublishing/externalUrl`. */
export interface PropertyPath {
  readonly kind: 'property'
  readonly path: readonly string[]
}

/** A lambda variable, optionally followed by a member path: `c` or `c/name`. */
export interface VariablePath {
  readonly kind: 'variable'
  readonly name: string
  readonly path: readonly string[]
}

export type Operand = Literal | PropertyPath | VariablePath

export interface CompareExpr {
  readonly kind: 'compare'
  readonly op: CompareOp
  readonly left: Operand
  readonly right: Operand
}

export interface LogicalExpr {
  readonly kind: 'logical'
  readonly op: LogicalOp
  readonly left: FilterExpr
  readonly right: FilterExpr
}

export interface NotExpr {
  readonly kind: 'not'
  readonly operand: FilterExpr
}

export interface InExpr {
  readonly kind: 'in'
  readonly left: Operand
  readonly list: readonly Literal[]
}

export interface CallExpr {
  readonly kind: 'call'
  readonly name: FunctionName
  readonly args: readonly Operand[]
}

/** `groupTypes/any(c:c eq 'Unified')`; `predicate` is null for the bare `groupTypes/any()`. */
export interface LambdaExpr {
  readonly kind: 'lambda'
  readonly op: LambdaOp
  readonly collection: PropertyPath | VariablePath
  readonly variable: string | null
  readonly predicate: FilterExpr | null
}

export type FilterExpr = CompareExpr | LogicalExpr | NotExpr | InExpr | CallExpr | LambdaExpr

/** `"displayName:Video" AND "description:team"`; a term without a colon has `property: null`. */
export type SearchExpr =
  | { readonly kind: 'term'; readonly property: string | null; readonly value: string }
  | { readonly kind: 'and' | 'or'; readonly left: SearchExpr; readonly right: SearchExpr }

export interface OrderByKey {
  readonly path: readonly string[]
  readonly direction: 'asc' | 'desc'
}

export interface ExpandItem {
  readonly navigation: string
  readonly select: readonly string[] | undefined
}

/** All system query options of one request; absent options are undefined. */
export interface QueryOptions {
  readonly filter: { readonly text: string; readonly expr: FilterExpr } | undefined
  readonly select: readonly string[] | undefined
  readonly orderby: readonly OrderByKey[] | undefined
  readonly top: { readonly raw: string; readonly value: number } | undefined
  readonly skip: number | undefined
  readonly skiptoken: string | undefined
  readonly count: boolean | undefined
  readonly expand: readonly ExpandItem[] | undefined
  readonly search: { readonly text: string; readonly expr: SearchExpr } | undefined
}
