// `members@odata.bind` (spec §4.3): a list of at most 20 URLs, each one parsed like an `@odata.id`.
import { errors } from '../errors/catalogue.js'
import { GraphError } from '../errors/graph-error.js'
import { parseReference } from '../odata/paths.js'
import type { ParsedReference } from '../odata/paths.js'

export const MAX_BIND_REFERENCES = 20

/** The `{navigation}@odata.bind` list of `body`, parsed; undefined when absent. */
export function bindReferences(
  body: Record<string, unknown>,
  navigation: string,
  serviceRoot: string,
): ParsedReference[] | undefined {
  const value = body[`${navigation}@odata.bind`]
  if (value === undefined) return undefined
  if (!Array.isArray(value)) throw errors.invalidBindUrl(navigation)
  if (value.length > MAX_BIND_REFERENCES)
    throw errors.tooManyBindReferences(navigation, MAX_BIND_REFERENCES)
  return value.map((url) => {
    try {
      return parseReference(url, serviceRoot)
    } catch (error) {
      if (error instanceof GraphError && error.message === errors.invalidReferenceUrl().message) {
        throw errors.invalidBindUrl(navigation)
      }
      throw error
    }
  })
}
