// Tokens of the $filter grammar, each with its position for error messages. Keywords are plain
// identifiers here; filter-parser.ts decides, case-sensitively, where a word is a keyword.
import { errors } from '../errors/catalogue.js'
import type { GraphError } from '../errors/graph-error.js'

export type TokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'guid'
  | 'dateTimeOffset'
  | 'openParen'
  | 'closeParen'
  | 'comma'
  | 'slash'
  | 'colon'
  | 'eof'

export interface Token {
  readonly kind: TokenKind
  /** The source text of the token ('' for eof). */
  readonly text: string
  /** Zero-based offset in the input. */
  readonly position: number
  /** Decoded value of string (without quotes, '' unescaped) and number tokens. */
  readonly value?: string | number
}

/** ODL's wording ("Syntax error at position N in '…'"), plus what was expected. */
export function syntaxError(input: string, position: number, detail: string): GraphError {
  return errors.badRequest(`Syntax error at position ${position} in '${input}': ${detail}.`)
}

export function describeToken(token: Token): string {
  return token.kind === 'eof' ? 'the end of the expression' : `'${token.text}'`
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = {
  '(': 'openParen',
  ')': 'closeParen',
  ',': 'comma',
  '/': 'slash',
  ':': 'colon',
}

// Tried in this order: a DateTimeOffset or GUID may start with digits or letters, so both come
// before numbers and identifiers.
const DATE_TIME_OFFSET =
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,12})?)?(?:Z|[+-]\d{2}:\d{2})/y
const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/y
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y
const WORD_CHAR = /[A-Za-z0-9_]/

function matchAt(pattern: RegExp, input: string, position: number): string | undefined {
  pattern.lastIndex = position
  const match = pattern.exec(input)
  if (match === null) return undefined
  const next = input[position + match[0].length]
  // `12abc` or a GUID glued to a word is one bad token, not two good ones.
  if (next !== undefined && WORD_CHAR.test(next)) return undefined
  return match[0]
}

function readString(input: string, start: number): Token {
  let value = ''
  let i = start + 1
  for (;;) {
    const quote = input.indexOf("'", i)
    if (quote < 0) throw syntaxError(input, start, 'unterminated string literal')
    value += input.slice(i, quote)
    if (input[quote + 1] === "'") {
      value += "'"
      i = quote + 2
    } else {
      return { kind: 'string', text: input.slice(start, quote + 1), position: start, value }
    }
  }
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < input.length) {
    const ch = input.charAt(i)
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i++
      continue
    }
    const punctuation = PUNCTUATION[ch]
    if (punctuation !== undefined) {
      tokens.push({ kind: punctuation, text: ch, position: i })
      i++
      continue
    }
    if (ch === "'") {
      const token = readString(input, i)
      tokens.push(token)
      i += token.text.length
      continue
    }
    const dateTime = matchAt(DATE_TIME_OFFSET, input, i)
    const guid = dateTime === undefined ? matchAt(GUID, input, i) : undefined
    const number = dateTime ?? guid ?? matchAt(NUMBER, input, i)
    const text = dateTime ?? guid ?? number ?? matchAt(IDENTIFIER, input, i)
    if (text === undefined) {
      throw syntaxError(input, i, `the character '${ch}' is not valid here`)
    }
    if (dateTime !== undefined) tokens.push({ kind: 'dateTimeOffset', text, position: i })
    else if (guid !== undefined) tokens.push({ kind: 'guid', text, position: i })
    else if (number !== undefined) {
      tokens.push({ kind: 'number', text, position: i, value: Number(text) })
    } else tokens.push({ kind: 'identifier', text, position: i })
    i += text.length
  }
  tokens.push({ kind: 'eof', text: '', position: input.length })
  return tokens
}
