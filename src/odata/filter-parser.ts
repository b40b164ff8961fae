// $filter text → FilterExpr, by recursive descent over lexer.ts tokens. Precedence is OData's
// (URL conventions §5.1.1.16): not > comparison and in > and > or. Names are checked in bind.ts.
import { describeToken, syntaxError, tokenize } from './lexer.js'
import type { Token } from './lexer.js'
import type {
  CallExpr,
  CompareOp,
  FilterExpr,
  FunctionName,
  LambdaExpr,
  Literal,
  Operand,
  PropertyPath,
  VariablePath,
} from './syntax.js'

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le'])
const FUNCTIONS: ReadonlySet<string> = new Set(['startswith', 'endswith', 'contains'])
/** Words that can never start an operand, so `name eq and` fails where the mistake is. */
const RESERVED: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in', ...COMPARE_OPS])
/** Deeper nesting is refused before it can exhaust the stack (ODL has a recursion limit too). */
export const MAX_FILTER_DEPTH = 100

export function parseFilter(input: string): FilterExpr {
  return new FilterParser(input).parse()
}

class FilterParser {
  readonly #input: string
  readonly #tokens: Token[]
  #index = 0
  #depth = 0
  readonly #variables: string[] = []

  constructor(input: string) {
    this.#input = input
    this.#tokens = tokenize(input)
  }

  parse(): FilterExpr {
    const expr = this.#parseOr()
    const rest = this.#peek()
    if (rest.kind !== 'eof') throw this.#error(rest, `unexpected ${describeToken(rest)}`)
    return expr
  }

  #peek(offset = 0): Token {
    const last = this.#tokens[this.#tokens.length - 1] as Token
    return this.#tokens[this.#index + offset] ?? last
  }

  #next(): Token {
    const token = this.#peek()
    if (token.kind !== 'eof') this.#index++
    return token
  }

  #isKeyword(word: string, token = this.#peek()): boolean {
    // OData keywords are case-sensitive: `AND` is not `and` (URL conventions §5.1.1).
    return token.kind === 'identifier' && token.text === word
  }

  #expect(kind: Token['kind'], what: string): Token {
    const token = this.#peek()
    if (token.kind !== kind)
      throw this.#error(token, `expected ${what}, found ${describeToken(token)}`)
    return this.#next()
  }

  #error(token: Token, detail: string) {
    return syntaxError(this.#input, token.position, detail)
  }

  #enter(token: Token): void {
    if (++this.#depth > MAX_FILTER_DEPTH) {
      throw this.#error(token, `the expression is nested more than ${MAX_FILTER_DEPTH} levels deep`)
    }
  }

  #parseOr(): FilterExpr {
    let left = this.#parseAnd()
    while (this.#isKeyword('or')) {
      this.#next()
      left = { kind: 'logical', op: 'or', left, right: this.#parseAnd() }
    }
    return left
  }

  #parseAnd(): FilterExpr {
    let left = this.#parseUnary()
    while (this.#isKeyword('and')) {
      this.#next()
      left = { kind: 'logical', op: 'and', left, right: this.#parseUnary() }
    }
    return left
  }

  #parseUnary(): FilterExpr {
    if (!this.#isKeyword('not')) return this.#parsePrimary(true)
    const token = this.#next()
    this.#enter(token)
    // `not` binds tighter than `eq`, so its operand cannot be a bare comparison.
    const operand = this.#isKeyword('not') ? this.#parseUnary() : this.#parsePrimary(false)
    this.#depth--
    return { kind: 'not', operand }
  }

  #parsePrimary(allowComparison: boolean): FilterExpr {
    const token = this.#peek()
    if (token.kind === 'openParen') {
      this.#enter(this.#next())
      const inner = this.#parseOr()
      this.#expect('closeParen', "')'")
      this.#depth--
      return inner
    }
    if (token.kind === 'identifier' && this.#peek(1).kind === 'openParen') return this.#parseCall()
    const left = this.#parseOperand()
    if (left.kind === 'lambda') return left
    if (!allowComparison) {
      throw this.#error(token, "'not' must be followed by '(', a function call or a lambda")
    }
    const op = this.#peek()
    if (op.kind === 'identifier' && COMPARE_OPS.has(op.text)) {
      this.#next()
      return { kind: 'compare', op: op.text as CompareOp, left, right: this.#parseValue() }
    }
    if (this.#isKeyword('in')) {
      this.#next()
      return { kind: 'in', left, list: this.#parseList() }
    }
    throw this.#error(op, `expected a comparison operator or 'in', found ${describeToken(op)}`)
  }

  #parseCall(): CallExpr {
    const nameToken = this.#next()
    // Graph's documentation spells these startsWith/endsWith, and Graph accepts both spellings.
    const name = nameToken.text.toLowerCase()
    if (!FUNCTIONS.has(name)) throw this.#error(nameToken, `unknown function '${nameToken.text}'`)
    this.#next()
    const args: Operand[] = [this.#parseValue()]
    while (this.#peek().kind === 'comma') {
      this.#next()
      args.push(this.#parseValue())
    }
    this.#expect('closeParen', "')' or ','")
    if (args.length !== 2) {
      throw this.#error(nameToken, `the function '${name}' takes 2 arguments, not ${args.length}`)
    }
    return { kind: 'call', name: name as FunctionName, args }
  }

  #parseList(): Literal[] {
    this.#expect('openParen', "'(' after 'in'")
    const list: Literal[] = []
    for (;;) {
      const token = this.#peek()
      const value = this.#parseValue()
      if (value.kind !== 'literal')
        throw this.#error(token, "the list after 'in' holds only literals")
      list.push(value)
      if (this.#peek().kind !== 'comma') break
      this.#next()
    }
    this.#expect('closeParen', "')' or ','")
    return list
  }

  /** An operand that may not be a lambda: the right side of a comparison, a function argument. */
  #parseValue(): Operand {
    const token = this.#peek()
    const operand = this.#parseOperand()
    if (operand.kind === 'lambda') throw this.#error(token, 'a lambda is not a value')
    return operand
  }

  #parseOperand(): Operand | LambdaExpr {
    const token = this.#peek()
    switch (token.kind) {
      case 'string':
        this.#next()
        return { kind: 'literal', type: 'string', value: token.value as string }
      case 'number': {
        this.#next()
        const value = token.value as number
        if (!Number.isFinite(value))
          throw this.#error(token, `the number ${token.text} is out of range`)
        return { kind: 'literal', type: 'number', value }
      }
      case 'guid':
        this.#next()
        return { kind: 'literal', type: 'guid', value: token.text }
      case 'dateTimeOffset':
        this.#next()
        return { kind: 'literal', type: 'dateTimeOffset', value: token.text }
      case 'identifier':
        if (token.text === 'true' || token.text === 'false') {
          this.#next()
          return { kind: 'literal', type: 'boolean', value: token.text === 'true' }
        }
        if (token.text === 'null') {
          this.#next()
          return { kind: 'literal', type: 'null', value: null }
        }
        if (!RESERVED.has(token.text)) return this.#parsePath()
    }
    throw this.#error(token, `expected a property or a literal, found ${describeToken(token)}`)
  }

  #parsePath(): PropertyPath | VariablePath | LambdaExpr {
    const first = this.#next()
    const segments: string[] = []
    const isVariable = this.#variables.includes(first.text)
    if (!isVariable) segments.push(first.text)
    while (this.#peek().kind === 'slash') {
      this.#next()
      const segment = this.#expect('identifier', 'a property name after "/"')
      const path: PropertyPath | VariablePath = isVariable
        ? { kind: 'variable', name: first.text, path: [...segments] }
        : { kind: 'property', path: [...segments] }
      if ((segment.text === 'any' || segment.text === 'all') && this.#peek().kind === 'openParen') {
        return this.#parseLambda(segment, path)
      }
      segments.push(segment.text)
    }
    return isVariable
      ? { kind: 'variable', name: first.text, path: segments }
      : { kind: 'property', path: segments }
  }

  #parseLambda(opToken: Token, collection: PropertyPath | VariablePath): LambdaExpr {
    const op = opToken.text as 'any' | 'all'
    this.#enter(this.#next())
    let variable: string | null = null
    let predicate: FilterExpr | null = null
    if (this.#peek().kind !== 'closeParen' || op === 'all') {
      const name = this.#expect('identifier', 'a lambda variable name')
      if (RESERVED.has(name.text)) throw this.#error(name, `'${name.text}' cannot name a variable`)
      this.#expect('colon', "':' after the lambda variable")
      variable = name.text
      this.#variables.push(variable)
      predicate = this.#parseOr()
      this.#variables.pop()
    }
    this.#expect('closeParen', "')'")
    this.#depth--
    if (this.#peek().kind === 'slash')
      throw this.#error(this.#peek(), 'nothing may follow a lambda')
    return { kind: 'lambda', op, collection, variable, predicate }
  }
}
