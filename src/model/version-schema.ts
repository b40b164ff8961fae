// The entity model as one API version sees it: which entity, enum and complex types, members,
// entity sets and singletons that version has. csdl.ts writes it as $metadata and the service
// document; nothing is hand-listed, so a type added to the model appears in both by itself.
import { COMPLEX_TYPES } from './complex-types.js'
import { BETA_ONLY_MEMBERS, ENTITY_TYPES } from './entities.js'
import { ENUM_TYPES } from './enums.js'
import { prop } from './properties.js'
import type {
  ApiVersion,
  ComplexType,
  EntityTypeDef,
  EnumType,
  NavigationDef,
  PropertyDef,
  PropertyType,
} from './types.js'

/** What a schema is derived from; tests pass their own to cover model shapes not yet in use. */
export interface ModelDefinition {
  readonly entityTypes: readonly EntityTypeDef[]
  readonly enumTypes: readonly EnumType[]
  readonly complexTypes: readonly ComplexType[]
  readonly betaOnlyMembers: Readonly<Record<string, readonly string[]>>
}

export const GRAPH_MODEL: ModelDefinition = {
  entityTypes: Object.values(ENTITY_TYPES as Record<string, EntityTypeDef>),
  enumTypes: ENUM_TYPES,
  complexTypes: COMPLEX_TYPES,
  betaOnlyMembers: BETA_ONLY_MEMBERS,
}

export interface CsdlEntityType {
  readonly name: string
  /** Unset only for `entity`, the root every Graph entity type derives from. */
  readonly baseType: string | undefined
  readonly abstract: boolean
  readonly openType: boolean
  /** Declared here, not inherited from the base type. */
  readonly properties: ReadonlyArray<readonly [string, PropertyDef]>
  readonly navigations: ReadonlyArray<readonly [string, NavigationDef]>
}

export interface CsdlContainerMember {
  readonly name: string
  readonly type: string
  /** Navigation name → entity set that holds its targets. */
  readonly bindings: ReadonlyArray<readonly [string, string]>
}

export interface VersionSchema {
  readonly enumTypes: readonly EnumType[]
  readonly complexTypes: readonly ComplexType[]
  readonly entityTypes: readonly CsdlEntityType[]
  readonly entitySets: readonly CsdlContainerMember[]
  readonly singletons: readonly CsdlContainerMember[]
}

// Graph's two roots (CSDL-B, spec §2.1). They are written out even when the model has no entry
// for them, because every modelled type derives from one of them.
const ENTITY_ROOT: EntityTypeDef = {
  name: 'entity',
  baseType: 'entity',
  openType: false,
  entitySet: undefined,
  versions: ['v1.0', 'beta'],
  properties: { id: prop.key() },
  navigations: {},
}
const DIRECTORY_OBJECT: EntityTypeDef = {
  name: 'directoryObject',
  baseType: 'entity',
  openType: true,
  entitySet: undefined,
  versions: ['v1.0', 'beta'],
  properties: { deletedDateTime: prop.dateTime({ nullable: true, access: 'serverSet' }) },
  navigations: {},
}

function inVersion(
  type: EntityTypeDef,
  version: ApiVersion,
  betaOnlyMembers: ModelDefinition['betaOnlyMembers'],
): EntityTypeDef {
  const betaOnly = version === 'beta' ? [] : (betaOnlyMembers[type.name] ?? [])
  const keep = <T>(record: Readonly<Record<string, T>>) =>
    Object.fromEntries(Object.entries(record).filter(([name]) => !betaOnly.includes(name)))
  return { ...type, properties: keep(type.properties), navigations: keep(type.navigations) }
}

/** Properties a type inherits, so that it does not declare them again (CSDL forbids that). */
function inheritedNames(baseType: string, types: ReadonlyMap<string, EntityTypeDef>): Set<string> {
  const names = new Set<string>(['id'])
  const base = types.get(baseType)
  if (base !== undefined && base.name !== 'entity') {
    for (const name of Object.keys(base.properties)) names.add(name)
  }
  return names
}

function collectTypes(types: readonly EntityTypeDef[]): {
  enums: EnumType[]
  complexes: ComplexType[]
} {
  const enums: EnumType[] = []
  const complexes: ComplexType[] = []
  const visit = (type: PropertyType): void => {
    switch (type.kind) {
      case 'primitive':
        return
      case 'enum':
        if (!enums.includes(type.enumType)) enums.push(type.enumType)
        return
      case 'complex':
        if (complexes.includes(type.complexType)) return
        complexes.push(type.complexType)
        for (const def of Object.values(type.complexType.properties)) visit(def.type)
        return
      case 'collection':
        visit(type.element)
    }
  }
  for (const type of types) for (const def of Object.values(type.properties)) visit(def.type)
  return { enums, complexes }
}

function ordered<T>(listed: readonly T[], used: readonly T[], version: ApiVersion): T[] {
  // Beta carries every listed type; v1.0 only those its members use, which keeps App Proxy's
  // enums and complex types out of it (spec §1, CSDL-V1).
  const base = version === 'beta' ? [...listed] : listed.filter((type) => used.includes(type))
  return [...base, ...used.filter((type) => !listed.includes(type))]
}

export function versionSchema(
  version: ApiVersion,
  model: ModelDefinition = GRAPH_MODEL,
): VersionSchema {
  const modelled = model.entityTypes
    .filter((type) => type.versions.includes(version))
    .map((type) => inVersion(type, version, model.betaOnlyMembers))
  // Base types first, so the document reads from the root down.
  const modelledDirectoryObject = modelled.find((type) => type.name === 'directoryObject')
  const usesDirectoryObject = modelled.some(
    (type) =>
      type.baseType === 'directoryObject' ||
      Object.values(type.navigations).some((nav) => nav.target === 'directoryObject'),
  )
  const roots = [ENTITY_ROOT]
  if (modelledDirectoryObject !== undefined) roots.push(modelledDirectoryObject)
  else if (usesDirectoryObject) roots.push(DIRECTORY_OBJECT)
  const all = [...roots, ...modelled.filter((type) => type !== modelledDirectoryObject)]
  const byName = new Map(all.map((type) => [type.name, type]))

  // A navigation to a type this version lacks (beta-only, or not modelled yet) is left out
  // rather than pointing at a type the document does not define.
  const navigationsOf = (type: EntityTypeDef) =>
    Object.entries(type.navigations).filter(([, nav]) => byName.has(nav.target))
  const entityTypes: CsdlEntityType[] = all.map((type) => {
    const isRoot = type === ENTITY_ROOT
    const inherited = isRoot ? new Set<string>() : inheritedNames(type.baseType, byName)
    return {
      name: type.name,
      baseType: isRoot ? undefined : type.baseType,
      abstract: isRoot,
      openType: type.openType,
      properties: Object.entries(type.properties).filter(([name]) => !inherited.has(name)),
      navigations: navigationsOf(type),
    }
  })

  // Every type the model gives an entity set. Containment does not remove it: Graph's user.joinedGroups
  // contains groups, which still have their own set (CSDL-B).
  const setOf = new Map(
    modelled.flatMap((type) => (type.entitySet === undefined ? [] : [[type.name, type.entitySet]])),
  )
  const member = (name: string, type: CsdlEntityType): CsdlContainerMember => ({
    name,
    type: type.name,
    bindings: type.navigations.flatMap(([navName, nav]) => {
      const target = setOf.get(nav.target)
      return nav.contained || target === undefined ? [] : [[navName, target] as const]
    }),
  })
  const entitySets = entityTypes.flatMap((type) => {
    const set = setOf.get(type.name)
    return set === undefined ? [] : [member(set, type)]
  })
  // `/me` is the signed-in user (spec §4); Graph declares it as a singleton of type user.
  const user = entityTypes.find((type) => type.name === 'user')

  const used = collectTypes(all)
  return {
    enumTypes: ordered(model.enumTypes, used.enums, version),
    complexTypes: ordered(model.complexTypes, used.complexes, version),
    entityTypes,
    entitySets,
    singletons: user === undefined ? [] : [member('me', user)],
  }
}
