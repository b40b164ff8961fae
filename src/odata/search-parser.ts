// $search text → SearchExpr. Graph's directory form (spec §7.2, D-AQ): quoted "property:value"
// terms joined by AND / OR (AND binds tighter), with parentheses. Terms are checked in bind.ts.
import { syntaxError } from './lexer.js'
import type { SearchExpr } from './syntax.js'

type SearchToken =
  | { kind: 'phrase'; value: string; position: number }
  | { kind: 'AND' | 'OR' | '(' | ')' | 'eof'; position: number }

const PROPERTY_PREFIX = /^([A-Za-z_][A-Za-z0-9_]*):/
const MAX_SEARCH_DEPTH = 50

function tokenizeSearch(input: string): SearchToken[] {
  const tokens: SearchToken[] = []
  let i = 0
  while (i < input.length) {
    const ch = input.charAt(i)
    if (/\s/.test(ch)) {
      i++
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, position: i++ })
    } else if (ch === '"') {
      const start = i++
      let value = ''
      while (input[i] !== '"') {
        if (i >= input.length) throw syntaxError(input, start, 'unterminated search phrase')
        if (input[i] === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) i++
        value += input[i++]
      }
      i++
      tokens.push({ kind: 'phrase', value, position: start })
    } else {
      const word = /^[A-Za-z]+/.exec(input.slice(i))?.[0]
      if (word === 'AND' || word === 'OR') {
        tokens.push({ kind: word, position: i })
        i += word.length
      } else {
        throw syntaxError(
          input,
          i,
          'expected a quoted "property:value" term, AND, OR or a parenthesis',
        )
      }
    }
  }
  tokens.push({ kind: 'eof', position: input.length })
  return tokens
}

export function parseSearch(input: string): SearchExpr {
  const tokens = tokenizeSearch(input)
  let index = 0
  let depth = 0
  const peek = (): SearchToken => tokens[index] ?? (tokens[tokens.length - 1] as SearchToken)
  const fail = (token: SearchToken, detail: string) => syntaxError(input, token.position, detail)

  const parseOr = (): SearchExpr => {
    let left = parseAnd()
    while (peek().kind === 'OR') {
      index++
      left = { kind: 'or', left, right: parseAnd() }
    }
    return left
  }
  const parseAnd = (): SearchExpr => {
    let left = parsePrimary()
    while (peek().kind === 'AND') {
      index++
      left = { kind: 'and', left, right: parsePrimary() }
    }
    return left
  }
  const parsePrimary = (): SearchExpr => {
    const token = peek()
    index++
    if (token.kind === 'phrase') {
      const prefix = PROPERTY_PREFIX.exec(token.value)
      if (prefix === null) return { kind: 'term', property: null, value: token.value }
      return {
        kind: 'term',
        property: prefix[1] as string,
        value: token.value.slice(prefix[0].length),
      }
    }
    if (token.kind === '(') {
      if (++depth > MAX_SEARCH_DEPTH) throw fail(token, 'the expression is nested too deeply')
      const inner = parseOr()
      if (peek().kind !== ')') throw fail(peek(), "expected ')'")
      index++
      depth--
      return inner
    }
    throw fail(token, 'expected a quoted "property:value" term')
  }

  const expr = parseOr()
  if (peek().kind !== 'eof') throw fail(peek(), 'expected AND or OR between search terms')
  return expr
}
