// $metadata: writes a version's schema (version-schema.ts) as OData v4 CSDL XML in Graph's shape
// (Schema microsoft.graph, alias graph; container GraphService), and lists the service document.
import type { ApiVersion, PropertyType } from './types.js'
import { edmTypeName } from './types.js'
import { versionSchema } from './version-schema.js'
import type { CsdlContainerMember, CsdlEntityType, VersionSchema } from './version-schema.js'

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}
const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c)

function element(name: string, attributes: Record<string, string | undefined>): string {
  const written = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
  return `<${name}${written.join('')}`
}

/** The CSDL spelling of a property's type, with Graph's `graph.` alias. */
export const csdlTypeName = (type: PropertyType): string => edmTypeName(type, 'graph')

function propertyLines(properties: CsdlEntityType['properties'], indent: string): string[] {
  return properties.map(
    ([name, def]) =>
      `${indent}${element('Property', {
        Name: name,
        Type: csdlTypeName(def.type),
        Nullable: def.nullable ? undefined : 'false',
      })} />`,
  )
}

function entityTypeLines(type: CsdlEntityType): string[] {
  const open = element('EntityType', {
    Name: type.name,
    BaseType: type.baseType === undefined ? undefined : `graph.${type.baseType}`,
    Abstract: type.abstract ? 'true' : undefined,
    OpenType: type.openType ? 'true' : undefined,
  })
  const key = type.baseType === undefined ? ['      <Key><PropertyRef Name="id" /></Key>'] : []
  const navigations = type.navigations.map(
    ([name, nav]) =>
      `      ${element('NavigationProperty', {
        Name: name,
        Type: nav.collection ? `Collection(graph.${nav.target})` : `graph.${nav.target}`,
        ContainsTarget: nav.contained ? 'true' : undefined,
      })} />`,
  )
  return [
    `    ${open}>`,
    ...key,
    ...propertyLines(type.properties, '      '),
    ...navigations,
    '    </EntityType>',
  ]
}

function containerLines(tag: 'EntitySet' | 'Singleton', member: CsdlContainerMember): string[] {
  const open = `      ${element(tag, { Name: member.name, [tag === 'EntitySet' ? 'EntityType' : 'Type']: `graph.${member.type}` })}`
  if (member.bindings.length === 0) return [`${open} />`]
  const bindings = member.bindings.map(
    ([path, target]) =>
      `        ${element('NavigationPropertyBinding', { Path: path, Target: target })} />`,
  )
  return [`${open}>`, ...bindings, `      </${tag}>`]
}

/** The CSDL document for a schema; buildCsdl is the cached form for the real model. */
export function writeCsdl(schema: VersionSchema): string {
  const enums = schema.enumTypes.flatMap((type) => [
    `    ${element('EnumType', { Name: type.name })}>`,
    ...type.members.map(
      (name, value) => `      ${element('Member', { Name: name, Value: String(value) })} />`,
    ),
    '    </EnumType>',
  ])
  const complexes = schema.complexTypes.flatMap((type) => [
    `    ${element('ComplexType', { Name: type.name })}>`,
    ...propertyLines(Object.entries(type.properties), '      '),
    '    </ComplexType>',
  ])
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '<edmx:DataServices>',
    '  <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">',
    ...enums,
    ...schema.entityTypes.flatMap(entityTypeLines),
    ...complexes,
    '    <EntityContainer Name="GraphService">',
    ...schema.entitySets.flatMap((set) => containerLines('EntitySet', set)),
    ...schema.singletons.flatMap((singleton) => containerLines('Singleton', singleton)),
    '    </EntityContainer>',
    '  </Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  ].join('\n')
}

// Served on every $metadata and service document request, and the model never changes at run
// time: build each version once.
const schemas = new Map<ApiVersion, VersionSchema>()
const documents = new Map<ApiVersion, string>()

function cachedSchema(version: ApiVersion): VersionSchema {
  let schema = schemas.get(version)
  if (schema === undefined) {
    schema = versionSchema(version)
    schemas.set(version, schema)
  }
  return schema
}

export function buildCsdl(version: ApiVersion): string {
  let csdl = documents.get(version)
  if (csdl === undefined) {
    csdl = writeCsdl(cachedSchema(version))
    documents.set(version, csdl)
  }
  return csdl
}

export interface ServiceDocumentEntry {
  readonly name: string
  readonly kind: 'EntitySet' | 'Singleton'
  readonly url: string
}

/** The `value` of the service document (OData JSON §5): the container's sets and singletons. */
export function serviceDocumentEntries(version: ApiVersion): ServiceDocumentEntry[] {
  const schema = cachedSchema(version)
  return [
    ...schema.entitySets.map((set) => ({
      name: set.name,
      kind: 'EntitySet' as const,
      url: set.name,
    })),
    ...schema.singletons.map((one) => ({
      name: one.name,
      kind: 'Singleton' as const,
      url: one.name,
    })),
  ]
}
