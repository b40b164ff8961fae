// The bound tree: what bind.ts produces from the syntax tree, with names resolved to the model.
// limits.ts checks it and store/query-to-kysely.ts compiles it; neither sees the syntax tree.
import type { EntityTypeDef, NavigationDef, PropertyDef, PropertyType } from '../model/types.js'
import type {
  CompareOp,
  FunctionName,
  LambdaOp,
  Literal,
  LogicalOp,
  QueryOptions,
} from './syntax.js'

/** A resolved property; `name` is the path joined with '/' (what a ColumnResolver receives). */
export interface BoundProperty {
  readonly name: string
  readonly def: PropertyDef
}

/** A property of the entity, or the current element inside a lambda. */
export type BoundOperand =
  | { readonly kind: 'property'; readonly property: BoundProperty; readonly type: PropertyType }
  | { readonly kind: 'element'; readonly variable: string; readonly type: PropertyType }

/** The property is always the subject: `'eur' eq region` binds as `region eq 'eur'`. */
export type BoundFilter =
  | {
      readonly kind: 'compare'
      readonly op: CompareOp
      readonly target: BoundOperand
      readonly value: Literal
    }
  | {
      readonly kind: 'logical'
      readonly op: LogicalOp
      readonly left: BoundFilter
      readonly right: BoundFilter
    }
  | { readonly kind: 'not'; readonly operand: BoundFilter }
  | { readonly kind: 'in'; readonly target: BoundOperand; readonly values: readonly Literal[] }
  | {
      readonly kind: 'call'
      readonly name: FunctionName
      readonly target: BoundOperand
      readonly value: string
    }
  | {
      readonly kind: 'lambda'
      readonly op: LambdaOp
      readonly collection: BoundProperty
      readonly element: PropertyType
      readonly predicate: BoundFilter | null
    }

export type BoundSearch =
  | { readonly kind: 'term'; readonly property: BoundProperty; readonly value: string }
  | { readonly kind: 'and' | 'or'; readonly left: BoundSearch; readonly right: BoundSearch }

export interface BoundOrderKey {
  readonly property: BoundProperty
  readonly direction: 'asc' | 'desc'
}

export interface BoundExpand {
  readonly navigation: string
  readonly def: NavigationDef
  /** Undefined when the target type is not in the model yet; its $select is then unchecked. */
  readonly target: EntityTypeDef | undefined
  readonly select: readonly string[] | undefined
}

export interface BoundQuery {
  readonly entity: EntityTypeDef
  readonly filter: BoundFilter | undefined
  readonly select: readonly BoundProperty[] | undefined
  readonly orderBy: readonly BoundOrderKey[]
  readonly top: QueryOptions['top']
  readonly skip: number | undefined
  readonly skiptoken: string | undefined
  readonly count: boolean
  readonly expand: readonly BoundExpand[]
  readonly search: BoundSearch | undefined
  /** The syntax tree, kept for nextLink building and the skip-token fingerprint. */
  readonly options: QueryOptions
}

export interface BindContext {
  /** Finds a navigation's target type; defaults to the model's ENTITY_TYPES. */
  readonly resolveType?: (name: string) => EntityTypeDef | undefined
}
