// Builders for property definitions, so that each entity in entities.ts reads as one line per
// property and the compiler learns each property's JSON type from the same line.
import type {
  ComplexType,
  EdmPrimitive,
  EnumType,
  PropertyAccess,
  PropertyDef,
  PropertyType,
} from './types.js'

interface Options<N extends boolean> {
  nullable?: N
  access?: PropertyAccess
  requiredOnCreate?: boolean
  filterable?: boolean
  sortable?: boolean
  inDefaultSelect?: boolean
}

type Maybe<T, N extends boolean> = N extends true ? T | null : T

function define<T>(type: PropertyType, options: Options<boolean>): PropertyDef<T> {
  return {
    type,
    nullable: options.nullable ?? false,
    access: options.access ?? 'writable',
    requiredOnCreate: options.requiredOnCreate ?? false,
    filterable: options.filterable ?? false,
    sortable: options.sortable ?? false,
    inDefaultSelect: options.inDefaultSelect ?? true,
  }
}

const primitive = (edm: EdmPrimitive): PropertyType => ({ kind: 'primitive', edm })

export const prop = {
  /** The GUID key every entity here has (spec §1). */
  key: (): PropertyDef<string> =>
    define(primitive('Edm.String'), { access: 'key', filterable: true, sortable: true }),
  string: <N extends boolean = false>(o: Options<N> = {}) =>
    define<Maybe<string, N>>(primitive('Edm.String'), o),
  boolean: <N extends boolean = false>(o: Options<N> = {}) =>
    define<Maybe<boolean, N>>(primitive('Edm.Boolean'), o),
  int32: <N extends boolean = false>(o: Options<N> = {}) =>
    define<Maybe<number, N>>(primitive('Edm.Int32'), o),
  dateTime: <N extends boolean = false>(o: Options<N> = {}) =>
    define<Maybe<string, N>>(primitive('Edm.DateTimeOffset'), o),
  enumOf: <N extends boolean = false>(enumType: EnumType, o: Options<N> = {}) =>
    define<Maybe<string, N>>({ kind: 'enum', enumType }, o),
  complex: <N extends boolean = false>(complexType: ComplexType, o: Options<N> = {}) =>
    define<Maybe<Record<string, unknown>, N>>({ kind: 'complex', complexType }, o),
  strings: (o: Options<false> = {}) =>
    define<string[]>({ kind: 'collection', element: primitive('Edm.String') }, o),
}
