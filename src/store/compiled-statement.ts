// A statement Kysely builds and compiles once per dialect, then runs with each call's values.
// Kysely builds an operation tree and compiles it to SQL text on every execute: 8–10 µs a
// statement, about a sixth of a connector-group create at store level (bench/README.md). For a
// statement whose SQL depends on which values it binds but not on what they are, that work is the
// same on every call; the hot writes and the single-row reads PostgreSQL answers uncached use this.
//
// The builder is called once with a stand-in for each value and compiled; the stand-ins show
// which SQL parameter binds which value. So a builder may only hand its values to Kysely as they
// are: one that changed a value or spliced it into the SQL is refused at the first call, before
// anything runs; one that branched on a value cannot be caught, and none here does.
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely'

type Values = Record<string, unknown>

/** Where each SQL parameter comes from: a named value of the call, or a constant of the builder. */
type Slot = { readonly name: string } | { readonly constant: unknown }

interface Compiled {
  readonly query: CompiledQuery
  readonly slots: readonly Slot[]
}

// Control characters only, so that no string operation on a stand-in leaves it looking unchanged.
const STAND_IN = '\u0000\u0001\u0002'

export class CompiledStatement<DB, V extends Values, R> {
  readonly #build: (db: Kysely<DB>, values: V) => Compilable<R>
  // Keyed by the dialect's adapter: the same statement is spelt differently per dialect, and
  // every transaction of one database shares its adapter.
  readonly #compiled = new WeakMap<object, Compiled>()

  /** `build` may only pass each value on to Kysely as it is; the first execute checks that. */
  constructor(build: (db: Kysely<DB>, values: V) => Compilable<R>) {
    this.#build = build
  }

  async execute(db: Kysely<DB>, values: V): Promise<QueryResult<R>> {
    return db.executeQuery<R>(this.compile(db, values))
  }

  /** The statement with this call's values, as execute would run it. */
  compile(db: Kysely<DB>, values: V): CompiledQuery<R> {
    const compiled = this.#compiledFor(db)
    const parameters = compiled.slots.map((slot) => {
      if ('constant' in slot) return slot.constant
      const value = values[slot.name]
      // Kysely leaves an undefined value out of a statement; a compiled one cannot. Also what a
      // changed stand-in comes to: a name the call does not have.
      if (value === undefined) throw new Error(`compiled statement: no value for ${slot.name}`)
      return value
    })
    return { ...compiled.query, parameters } as CompiledQuery<R>
  }

  async executeTakeFirst(db: Kysely<DB>, values: V): Promise<R | undefined> {
    return (await this.execute(db, values)).rows[0]
  }

  #compiledFor(db: Kysely<DB>): Compiled {
    const adapter = db.getExecutor().adapter
    let compiled = this.#compiled.get(adapter)
    if (compiled === undefined) {
      compiled = this.#compile(db)
      this.#compiled.set(adapter, compiled)
    }
    return compiled
  }

  #compile(db: Kysely<DB>): Compiled {
    const standIns = new Proxy({} as V, {
      get: (_target, name) => (typeof name === 'string' ? `${STAND_IN}${name}` : undefined),
    })
    const query = this.#build(db, standIns).compile()
    if (query.sql.includes(STAND_IN)) {
      throw new Error(`compiled statement: a value was spliced into the SQL: ${query.sql}`)
    }
    const slots = query.parameters.map((parameter): Slot => {
      if (typeof parameter === 'string' && parameter.includes(STAND_IN)) {
        if (!parameter.startsWith(STAND_IN)) {
          throw new Error(`compiled statement: a value was changed before binding: ${parameter}`)
        }
        return { name: parameter.slice(STAND_IN.length) }
      }
      return { constant: parameter }
    })
    return { query, slots }
  }
}
