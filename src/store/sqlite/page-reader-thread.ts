// The page reader's thread (page-reader.ts says why it exists): its own read-only connection to
// the database file, running the page queries the request thread compiled and answering with
// their JSON, one at a time in the order they came.
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { serialiseItems, serialiseRows } from '../page-json.js'
import type { SkipTokenSeal } from '../../odata/skiptoken.js'
import type { JsonItems, PageShape, PageStatement } from '../page-json.js'
import { objectRows, toSqliteValue } from './statement-rows.js'

export interface PageRequest {
  readonly id: number
  readonly statement: PageStatement
  readonly shape: PageShape
  readonly seal?: SkipTokenSeal
}

export type PageResponse =
  | { readonly id: number; readonly items: JsonItems }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string } }

export interface PageThreadData {
  readonly file: string
}

interface Prepared {
  readonly statement: Database.Statement
  readonly toObject: (row: unknown[]) => Record<string, unknown>
}

const port = parentPort
if (port === null) throw new Error('page-reader-thread runs as a worker thread')
const { file } = workerData as PageThreadData
// Read-only: nothing sent here can change the data, whatever its SQL says.
const db = new Database(file, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')

const statements = new Map<string, Prepared>()

function prepare(sqlText: string): Prepared {
  let prepared = statements.get(sqlText)
  if (prepared === undefined) {
    const statement = db.prepare(sqlText)
    if (!statement.reader) throw new Error('page reader: the statement returns no rows')
    prepared = { statement, toObject: objectRows(statement) }
    // Bounded like the request thread's: ad-hoc $filter shapes must not grow it without end.
    if (statements.size >= 500) statements.clear()
    statements.set(sqlText, prepared)
  }
  return prepared
}

function answer({ id, statement, shape, seal }: PageRequest): PageResponse {
  try {
    const { statement: prepared, toObject } = prepare(statement.sql)
    const parameters = statement.parameters.map(toSqliteValue)
    if (shape.keysetInItem === true) {
      return { id, items: serialiseItems(prepared.pluck(true).all(...parameters), shape, seal) }
    }
    const rows = prepared.raw(true).all(...parameters) as unknown[][]
    return { id, items: serialiseRows(rows.map(toObject), shape, seal) }
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown }
    return {
      id,
      error: {
        message: String(message ?? error),
        ...(typeof code === 'string' ? { code } : {}),
      },
    }
  }
}

port.on('message', (request: PageRequest) => port.postMessage(answer(request)))
