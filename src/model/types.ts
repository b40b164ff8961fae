// The shapes of the entity model: what a Graph type, property and navigation is. The model itself
// is in entities.ts; everything that validates, stores, serialises or describes an entity reads it.

export type ApiVersion = 'v1.0' | 'beta'
export const API_VERSIONS: readonly ApiVersion[] = ['v1.0', 'beta']

export type EdmPrimitive =
  | 'Edm.String'
  | 'Edm.Boolean'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Guid'
  | 'Edm.DateTimeOffset'
  | 'Edm.TimeOfDay'

export interface EnumType {
  readonly name: string
  /** Member names in value order: member i has the value i (CSDL). */
  readonly members: readonly string[]
}

export interface ComplexType {
  readonly name: string
  readonly properties: Readonly<Record<string, PropertyDef>>
}

export type PropertyType =
  | { readonly kind: 'primitive'; readonly edm: EdmPrimitive }
  | { readonly kind: 'enum'; readonly enumType: EnumType }
  | { readonly kind: 'complex'; readonly complexType: ComplexType }
  | { readonly kind: 'collection'; readonly element: PropertyType }

/**
 * - `key`: the entity key, server-assigned.
 * - `serverSet`: read-only; a value in a request body is accepted and ignored (spec §2.4).
 * - `writable`: may be set on create and update.
 * - `computed`: read-only and not a stored column; the store supplies its SQL expression.
 */
export type PropertyAccess = 'key' | 'serverSet' | 'writable' | 'computed'

/** `T` is the property's JSON value type; it exists only for the compiler. */
export interface PropertyDef<T = unknown> {
  readonly type: PropertyType
  readonly nullable: boolean
  readonly access: PropertyAccess
  readonly requiredOnCreate: boolean
  readonly filterable: boolean
  readonly sortable: boolean
  /** v1.0 directory reads return only these unless $select asks for more (spec §7.2). */
  readonly inDefaultSelect: boolean
  readonly __value?: T
}

export interface NavigationDef {
  /** Name of the target entity type in the model. */
  readonly target: string
  readonly collection: boolean
  readonly contained: boolean
}

export interface EntityTypeDef<
  P extends Record<string, PropertyDef> = Record<string, PropertyDef>,
> {
  readonly name: string
  /** CSDL base type; directoryObject-derived types carry @odata.type in mixed collections. */
  readonly baseType: 'entity' | 'directoryObject'
  readonly openType: boolean
  /** The entity set (and table) holding it, when it has one. */
  readonly entitySet: string | undefined
  readonly versions: readonly ApiVersion[]
  readonly properties: P
  readonly navigations: Readonly<Record<string, NavigationDef>>
}

export type ValueOf<D> = D extends PropertyDef<infer T> ? T : never

/** The JSON shape of an entity, as Graph returns it. */
export type EntityJson<E extends EntityTypeDef> = {
  -readonly [K in keyof E['properties']]: ValueOf<E['properties'][K]>
}

export function qualifiedName(type: { name: string }): string {
  return `microsoft.graph.${type.name}`
}

/** A property type as CSDL writes it; `namespace` is `graph` where the schema alias applies. */
export function edmTypeName(type: PropertyType, namespace = 'microsoft.graph'): string {
  switch (type.kind) {
    case 'primitive':
      return type.edm
    case 'enum':
      return `${namespace}.${type.enumType.name}`
    case 'complex':
      return `${namespace}.${type.complexType.name}`
    case 'collection':
      return `Collection(${edmTypeName(type.element, namespace)})`
  }
}
