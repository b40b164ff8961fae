// Syntax tree + entity model → BoundQuery: every name resolved to its PropertyDef, every literal
// checked against its property's type, filterable/sortable flags enforced. Graph's request-level
// rules (ConsistencyLevel, $top range) are limits.ts's job. Wording follows ODL where it has one.
import { errors } from '../errors/catalogue.js'
import { ENTITY_TYPES } from '../model/entities.js'
import { edmTypeName, qualifiedName } from '../model/types.js'
import type { EntityTypeDef, PropertyDef, PropertyType } from '../model/types.js'
import { assertNever } from './assert-never.js'
import type {
  BindContext,
  BoundFilter,
  BoundOperand,
  BoundProperty,
  BoundQuery,
  BoundSearch,
} from './bound.js'
import type { CompareOp, FilterExpr, Literal, Operand, QueryOptions, SearchExpr } from './syntax.js'

export type * from './bound.js'

const OPERATOR_KIND: Record<CompareOp, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
}
const FLIPPED: Record<CompareOp, CompareOp> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
}

function literalTypeName(literal: Literal): string {
  switch (literal.type) {
    case 'string':
      return 'Edm.String'
    case 'number':
      return Number.isInteger(literal.value) ? 'Edm.Int32' : 'Edm.Double'
    case 'boolean':
      return 'Edm.Boolean'
    case 'null':
      return '<null>'
    case 'guid':
      return 'Edm.Guid'
    case 'dateTimeOffset':
      return 'Edm.DateTimeOffset'
    default:
      return assertNever(literal)
  }
}

function incompatible(op: CompareOp, type: PropertyType, literal: Literal) {
  return errors.badRequest(
    `A binary operator with incompatible types was detected. Found operand types '${edmTypeName(type)}' and '${literalTypeName(literal)}' for operator kind '${OPERATOR_KIND[op]}'.`,
  )
}

/** Checks a literal against the subject's type; enum members come back in their model spelling. */
function checkLiteral(op: CompareOp, type: PropertyType, literal: Literal): Literal {
  if (literal.type === 'null') {
    if ((op === 'eq' || op === 'ne') && (type.kind === 'primitive' || type.kind === 'enum'))
      return literal
    throw incompatible(op, type, literal)
  }
  if (type.kind === 'enum') {
    if (literal.type !== 'string') throw incompatible(op, type, literal)
    const member = type.enumType.members.find(
      (m) => m.toLowerCase() === literal.value.toLowerCase(),
    )
    if (member === undefined) {
      throw errors.badRequest(
        `The string '${literal.value}' is not a valid enumeration type constant.`,
      )
    }
    // Stored enums are text, so SQL ordering would be alphabetical, not member order.
    if (op !== 'eq' && op !== 'ne') throw incompatible(op, type, literal)
    return { kind: 'literal', type: 'string', value: member }
  }
  if (type.kind !== 'primitive') throw incompatible(op, type, literal)
  const ok = ((): boolean => {
    switch (type.edm) {
      case 'Edm.String':
        return literal.type === 'string'
      case 'Edm.Boolean':
        return literal.type === 'boolean'
      case 'Edm.Int32':
      case 'Edm.Int64':
        return literal.type === 'number' && Number.isInteger(literal.value)
      case 'Edm.Guid':
        return literal.type === 'guid'
      case 'Edm.DateTimeOffset':
        return literal.type === 'dateTimeOffset'
      case 'Edm.TimeOfDay':
        return false
      default:
        return assertNever(type.edm)
    }
  })()
  if (!ok) throw incompatible(op, type, literal)
  if (literal.type === 'dateTimeOffset' && Number.isNaN(Date.parse(literal.value))) {
    throw errors.badRequest(
      `The DateTimeOffset literal '${literal.value}' is not a valid date and time.`,
    )
  }
  return literal
}

function isString(type: PropertyType): boolean {
  return type.kind === 'primitive' && type.edm === 'Edm.String'
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

/** Resolves `a` or `a/b/c` through complex types. */
export function resolvePath(entity: EntityTypeDef, path: readonly string[]): BoundProperty {
  let properties: Readonly<Record<string, PropertyDef>> = entity.properties
  let owner = qualifiedName(entity)
  let def: PropertyDef | undefined
  for (const [i, segment] of path.entries()) {
    def = own(properties, segment)
    if (def === undefined) throw errors.propertyNotFound(segment, owner)
    if (i < path.length - 1) {
      if (def.type.kind !== 'complex') {
        throw errors.badRequest(`The property '${segment}' has no members; '/' cannot follow it.`)
      }
      properties = def.type.complexType.properties
      owner = qualifiedName(def.type.complexType)
    }
  }
  if (def === undefined) throw errors.badRequest('An empty property path is not valid.')
  return { name: path.join('/'), def }
}

class FilterBinder {
  readonly #entity: EntityTypeDef
  readonly #scope = new Map<string, PropertyType>()

  constructor(entity: EntityTypeDef) {
    this.#entity = entity
  }

  operand(node: Operand): BoundOperand | undefined {
    if (node.kind === 'literal') return undefined
    if (node.kind === 'variable') {
      const type = this.#scope.get(node.name)
      if (type === undefined)
        throw errors.badRequest(`The lambda variable '${node.name}' is not in scope.`)
      if (node.path.length > 0) {
        throw errors.badRequest(
          `Members of the lambda variable '${node.name}' cannot be filtered on.`,
        )
      }
      return { kind: 'element', variable: node.name, type }
    }
    const property = resolvePath(this.#entity, node.path)
    if (!property.def.filterable) throw errors.filterNotIndexed()
    return { kind: 'property', property, type: property.def.type }
  }

  bind(node: FilterExpr): BoundFilter {
    switch (node.kind) {
      case 'logical':
        return {
          kind: 'logical',
          op: node.op,
          left: this.bind(node.left),
          right: this.bind(node.right),
        }
      case 'not':
        return { kind: 'not', operand: this.bind(node.operand) }
      case 'compare': {
        const left = this.operand(node.left)
        const right = this.operand(node.right)
        if (left !== undefined && right !== undefined) {
          throw errors.badRequest(
            'Comparing two properties is not supported; compare a property with a literal.',
          )
        }
        if (left === undefined && right === undefined) {
          throw errors.badRequest('A comparison needs a property on one side.')
        }
        const [target, literal, op] =
          left !== undefined
            ? [left, node.right as Literal, node.op]
            : [right as BoundOperand, node.left as Literal, FLIPPED[node.op]]
        return { kind: 'compare', op, target, value: checkLiteral(op, target.type, literal) }
      }
      case 'in': {
        const target = this.operand(node.left)
        if (target === undefined)
          throw errors.badRequest("The left side of 'in' must be a property.")
        return {
          kind: 'in',
          target,
          values: node.list.map((l) => checkLiteral('eq', target.type, l)),
        }
      }
      case 'call': {
        const [first, second] = node.args as [Operand, Operand]
        const target = this.operand(first)
        if (
          target === undefined ||
          !isString(target.type) ||
          second.kind !== 'literal' ||
          second.type !== 'string'
        ) {
          throw errors.badRequest(
            `The function '${node.name}' takes a string property and a string literal, in that order.`,
          )
        }
        return { kind: 'call', name: node.name, target, value: second.value }
      }
      case 'lambda': {
        const collection = this.operand(node.collection)
        if (collection?.kind !== 'property' || collection.type.kind !== 'collection') {
          throw errors.badRequest(
            `The '${node.op}' operator can only be applied to a collection property.`,
          )
        }
        if (node.variable === null || node.predicate === null) {
          return {
            kind: 'lambda',
            op: node.op,
            collection: collection.property,
            element: collection.type.element,
            predicate: null,
          }
        }
        const outer = this.#scope.get(node.variable)
        this.#scope.set(node.variable, collection.type.element)
        const predicate = this.bind(node.predicate)
        if (outer === undefined) this.#scope.delete(node.variable)
        else this.#scope.set(node.variable, outer)
        return {
          kind: 'lambda',
          op: node.op,
          collection: collection.property,
          element: collection.type.element,
          predicate,
        }
      }
      default:
        return assertNever(node)
    }
  }
}

function bindSearch(entity: EntityTypeDef, node: SearchExpr): BoundSearch {
  if (node.kind !== 'term') {
    return {
      kind: node.kind,
      left: bindSearch(entity, node.left),
      right: bindSearch(entity, node.right),
    }
  }
  if (node.property === null) {
    throw errors.badRequest(
      `Each $search term must name a property, as in "displayName:${node.value}".`,
    )
  }
  const property = resolvePath(entity, [node.property])
  if (!isString(property.def.type)) {
    throw errors.badRequest(
      `The property '${node.property}' cannot be searched; only string properties can.`,
    )
  }
  return { kind: 'term', property, value: node.value }
}

function bindSelect(entity: EntityTypeDef, names: readonly string[]): BoundProperty[] {
  return names.map((name) => {
    if (own(entity.navigations, name) !== undefined) {
      throw errors.badRequest(
        `The navigation property '${name}' cannot be selected; use $expand=${name}.`,
      )
    }
    return resolvePath(entity, [name])
  })
}

export function bindQuery(
  tree: QueryOptions,
  entity: EntityTypeDef,
  context: BindContext = {},
): BoundQuery {
  const resolveType =
    context.resolveType ?? ((name: string) => own<EntityTypeDef>(ENTITY_TYPES, name))
  return {
    entity,
    filter: tree.filter === undefined ? undefined : new FilterBinder(entity).bind(tree.filter.expr),
    select: tree.select === undefined ? undefined : bindSelect(entity, tree.select),
    orderBy: (tree.orderby ?? []).map((key) => {
      const property = resolvePath(entity, key.path)
      if (!property.def.sortable) throw errors.sortNotSupported(property.name)
      return { property, direction: key.direction }
    }),
    top: tree.top,
    skip: tree.skip,
    skiptoken: tree.skiptoken,
    count: tree.count === true,
    expand: (tree.expand ?? []).map((item) => {
      const def = own(entity.navigations, item.navigation)
      if (def === undefined) throw errors.expandNotSupported(item.navigation)
      const target = resolveType(def.target)
      const select =
        target !== undefined && item.select !== undefined
          ? bindSelect(target, item.select)
          : undefined
      return {
        navigation: item.navigation,
        def,
        target,
        select: select?.map((p) => p.name) ?? item.select,
      }
    }),
    search: tree.search === undefined ? undefined : bindSearch(entity, tree.search.expr),
    options: tree,
  }
}
