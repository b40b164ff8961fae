// Filter trees back to text: S-expressions for tests and logs, and OData text such that
// parseFilter(printFilter(t)) deep-equals t (the skip token also hashes this canonical form).
import { assertNever } from './assert-never.js'
import type { FilterExpr, Literal, Operand, SearchExpr } from './syntax.js'

function sexprOperand(node: Operand): string {
  switch (node.kind) {
    case 'literal':
      switch (node.type) {
        case 'string':
          return JSON.stringify(node.value)
        case 'number':
        case 'boolean':
        case 'null':
          return String(node.value)
        case 'guid':
          return `guid:${node.value}`
        case 'dateTimeOffset':
          return `datetime:${node.value}`
        default:
          return assertNever(node)
      }
    case 'property':
      return node.path.join('/')
    case 'variable':
      return [node.name, ...node.path].join('/')
    default:
      return assertNever(node)
  }
}

/** `(and (eq region "eur") (not (eq isDefault true)))` */
export function toSExpr(node: FilterExpr): string {
  switch (node.kind) {
    case 'compare':
      return `(${node.op} ${sexprOperand(node.left)} ${sexprOperand(node.right)})`
    case 'logical':
      return `(${node.op} ${toSExpr(node.left)} ${toSExpr(node.right)})`
    case 'not':
      return `(not ${toSExpr(node.operand)})`
    case 'in':
      return `(in ${sexprOperand(node.left)} ${node.list.map(sexprOperand).join(' ')})`
    case 'call':
      return `(${node.name} ${node.args.map(sexprOperand).join(' ')})`
    case 'lambda': {
      const head = `${node.op} ${sexprOperand(node.collection)}`
      if (node.predicate === null) return `(${head})`
      return `(${head} ${node.variable ?? ''} ${toSExpr(node.predicate)})`
    }
    default:
      return assertNever(node)
  }
}

function printLiteral(node: Literal): string {
  switch (node.type) {
    case 'string':
      return `'${node.value.replaceAll("'", "''")}'`
    case 'number':
    case 'boolean':
    case 'null':
    case 'guid':
    case 'dateTimeOffset':
      return String(node.value)
    default:
      return assertNever(node)
  }
}

function printOperand(node: Operand): string {
  return node.kind === 'literal' ? printLiteral(node) : sexprOperand(node)
}

const PRECEDENCE = { or: 1, and: 2 } as const

function printChild(node: FilterExpr, parent: number, isRight: boolean): string {
  const text = printFilter(node)
  if (node.kind !== 'logical') return text
  const own = PRECEDENCE[node.op]
  // Both operators associate to the left, so an equal-precedence right child needs parentheses.
  return own < parent || (isRight && own === parent) ? `(${text})` : text
}

export function printFilter(node: FilterExpr): string {
  switch (node.kind) {
    case 'compare':
      return `${printOperand(node.left)} ${node.op} ${printOperand(node.right)}`
    case 'logical': {
      const own = PRECEDENCE[node.op]
      return `${printChild(node.left, own, false)} ${node.op} ${printChild(node.right, own, true)}`
    }
    case 'not': {
      const inner = printFilter(node.operand)
      const bare = node.operand.kind === 'call' || node.operand.kind === 'lambda'
      return bare || node.operand.kind === 'not' ? `not ${inner}` : `not (${inner})`
    }
    case 'in':
      return `${printOperand(node.left)} in (${node.list.map(printLiteral).join(',')})`
    case 'call':
      return `${node.name}(${node.args.map(printOperand).join(',')})`
    case 'lambda': {
      const head = `${printOperand(node.collection)}/${node.op}`
      if (node.predicate === null) return `${head}()`
      return `${head}(${node.variable ?? ''}:${printFilter(node.predicate)})`
    }
    default:
      return assertNever(node)
  }
}

export function printSearch(node: SearchExpr): string {
  switch (node.kind) {
    case 'term': {
      const text = node.property === null ? node.value : `${node.property}:${node.value}`
      return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
    }
    case 'and':
    case 'or': {
      const own = node.kind === 'and' ? 2 : 1
      // Same rule as printChild: lower precedence, or equal precedence on the right, needs parentheses.
      const wrap = (child: SearchExpr, isRight: boolean) => {
        const text = printSearch(child)
        if (child.kind === 'term') return text
        const inner = child.kind === 'and' ? 2 : 1
        return inner < own || (isRight && inner === own) ? `(${text})` : text
      }
      return `${wrap(node.left, false)} ${node.kind.toUpperCase()} ${wrap(node.right, true)}`
    }
    default:
      return assertNever(node)
  }
}
