// A validator for the part of JSON Schema docs/fixtures.schema.json uses (type, properties,
// required, additionalProperties: false, items, enum, pattern, minLength, local $ref), so the
// published schema is the one the loader enforces and no schema library is needed.

export interface Schema {
  type?: 'object' | 'array' | 'string' | 'boolean' | 'number'
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: boolean
  items?: Schema
  enum?: unknown[]
  pattern?: string
  minLength?: number
  $ref?: string
  $defs?: Record<string, Schema>
}

/** Every problem found, each as `<path>: <what is wrong>`; empty when the value is valid. */
export function validateAgainst(root: Schema, value: unknown): string[] {
  const problems: string[] = []
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref === undefined) return schema
    const name = schema.$ref.replace(/^#\/\$defs\//, '')
    const target = root.$defs?.[name]
    if (target === undefined) throw new Error(`schema: unknown $ref '${schema.$ref}'`)
    return { ...resolve(target), ...schema, $ref: undefined }
  }
  const check = (raw: Schema, v: unknown, path: string): void => {
    const schema = resolve(raw)
    const type = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v
    if (schema.type !== undefined && schema.type !== type) {
      problems.push(`${path}: expected ${schema.type}, got ${type}`)
      return
    }
    if (schema.enum !== undefined && !schema.enum.includes(v)) {
      problems.push(
        `${path}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`,
      )
    }
    if (typeof v === 'string') {
      if (schema.minLength !== undefined && v.length < schema.minLength)
        problems.push(`${path}: must not be empty`)
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(v)) {
        problems.push(`${path}: '${v}' does not match ${schema.pattern}`)
      }
    }
    if (Array.isArray(v) && schema.items !== undefined) {
      v.forEach((item, i) => check(schema.items as Schema, item, `${path}[${i}]`))
    }
    if (type === 'object') {
      const object = v as Record<string, unknown>
      for (const name of schema.required ?? []) {
        if (!(name in object)) problems.push(`${path}: missing required property '${name}'`)
      }
      for (const [name, item] of Object.entries(object)) {
        const sub = schema.properties?.[name]
        if (sub !== undefined) check(sub, item, `${path}.${name}`)
        else if (schema.additionalProperties === false)
          problems.push(`${path}: unknown property '${name}'`)
      }
    }
  }
  check(root, value, '$')
  return problems
}
