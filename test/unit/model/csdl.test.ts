// $metadata against the model: the CSDL of each version, read back with an XML parser, must show
// every type, member, entity set and singleton the model gives that version and nothing else;
// a snapshot catches any other change (STYLE.md §9, drift checks).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { buildCsdl, serviceDocumentEntries, writeCsdl } from '../../../src/model/csdl.js'
import { COMPLEX_TYPES } from '../../../src/model/complex-types.js'
import { BETA_ONLY_MEMBERS, ENTITY_TYPES } from '../../../src/model/entities.js'
import { ENUM_TYPES } from '../../../src/model/enums.js'
import { prop } from '../../../src/model/properties.js'
import { API_VERSIONS } from '../../../src/model/types.js'
import type {
  ApiVersion,
  EntityTypeDef,
  PropertyDef,
  PropertyType,
} from '../../../src/model/types.js'
import { versionSchema } from '../../../src/model/version-schema.js'

const SNAPSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'snapshots')
const MODEL_TYPES = Object.values(ENTITY_TYPES as Record<string, EntityTypeDef>)
const APP_PROXY_NAMES = [
  'connector',
  'connectorGroup',
  'onPremisesPublishingProfile',
  'onPremisesPublishing',
  'connectorStatus',
  'connectorGroupType',
  'connectorGroupRegion',
  'onPremisesPublishingType',
  'externalAuthenticationType',
]

type Attrs = { [attribute: `@_${string}`]: string | undefined }
interface XmlType extends Attrs {
  '@_Name': string
}
interface XmlEntityType extends XmlType {
  Key?: { PropertyRef: Attrs[] }[]
  Property?: XmlType[]
  NavigationProperty?: XmlType[]
}
interface XmlContainerMember extends XmlType {
  NavigationPropertyBinding?: Attrs[]
}
interface Document {
  enumTypes: Map<string, XmlType & { Member?: XmlType[] }>
  complexTypes: Map<string, XmlType & { Property?: XmlType[] }>
  entityTypes: Map<string, XmlEntityType>
  entitySets: Map<string, XmlContainerMember>
  singletons: Map<string, XmlContainerMember>
}

const LISTS = ['EnumType', 'Member', 'ComplexType', 'EntityType', 'Key', 'PropertyRef', 'Property']
const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) =>
    [
      ...LISTS,
      'NavigationProperty',
      'EntitySet',
      'Singleton',
      'NavigationPropertyBinding',
    ].includes(name),
})

const byName = <T extends XmlType>(items: T[] | undefined) =>
  new Map((items ?? []).map((item) => [item['@_Name'], item]))

function parse(xml: string): Document {
  assert.equal(XMLValidator.validate(xml), true)
  const edmx = parser.parse(xml)['edmx:Edmx']
  assert.equal(edmx['@_Version'], '4.0')
  const schema = edmx['edmx:DataServices'].Schema
  assert.equal(schema['@_Namespace'], 'microsoft.graph')
  assert.equal(schema['@_Alias'], 'graph')
  const container = schema.EntityContainer
  assert.equal(container['@_Name'], 'GraphService')
  return {
    enumTypes: byName(schema.EnumType),
    complexTypes: byName(schema.ComplexType),
    entityTypes: byName(schema.EntityType),
    entitySets: byName(container.EntitySet),
    singletons: byName(container.Singleton),
  }
}

// Written here again rather than imported, so that the test does not trust the code it checks.
function expectedType(type: PropertyType): string {
  if (type.kind === 'primitive') return type.edm
  if (type.kind === 'enum') return `graph.${type.enumType.name}`
  if (type.kind === 'complex') return `graph.${type.complexType.name}`
  return `Collection(${expectedType(type.element)})`
}

function assertProperty(
  owner: string,
  actual: XmlType | undefined,
  name: string,
  def: PropertyDef,
) {
  assert.ok(actual, `${owner}.${name} is missing`)
  assert.equal(actual['@_Type'], expectedType(def.type), `${owner}.${name} Type`)
  assert.equal(
    actual['@_Nullable'],
    def.nullable ? undefined : 'false',
    `${owner}.${name} Nullable`,
  )
}

function typesIn(version: ApiVersion): EntityTypeDef[] {
  return MODEL_TYPES.filter((type) => type.versions.includes(version))
}

const isMemberIn = (version: ApiVersion, type: string, member: string) =>
  version === 'beta' || !(BETA_ONLY_MEMBERS[type] ?? []).includes(member)

/** A property as the document declares it: on the type itself or on one of its base types. */
function findProperty(doc: Document, typeName: string, name: string): XmlType | undefined {
  for (let type = doc.entityTypes.get(typeName); type !== undefined;) {
    const found = type.Property?.find((p) => p['@_Name'] === name)
    if (found !== undefined) return found
    type = doc.entityTypes.get(type['@_BaseType']?.replace(/^graph\./, '') ?? '')
  }
  return undefined
}

for (const version of API_VERSIONS) {
  describe(`$metadata ${version}`, () => {
    const xml = buildCsdl(version)
    const doc = parse(xml)
    const modelled = typesIn(version)
    // Non-contained navigations whose target has an entity set of this version.
    const expectedBindings = (type: EntityTypeDef) =>
      Object.entries(type.navigations).flatMap(([name, nav]) => {
        const target = modelled.find((other) => other.name === nav.target)?.entitySet
        const bound = !nav.contained && isMemberIn(version, type.name, name) && target !== undefined
        return bound ? [[name, target]] : []
      })

    test('entity is the abstract root keyed on id', () => {
      const entity = doc.entityTypes.get('entity')
      assert.ok(entity)
      assert.equal(entity['@_Abstract'], 'true')
      assert.equal(entity['@_BaseType'], undefined)
      assert.deepEqual(
        entity.Key?.[0]?.PropertyRef.map((ref) => ref['@_Name']),
        ['id'],
      )
      assertProperty('entity', entity.Property?.[0], 'id', prop.key())
    })

    test('every entity type of the version, with its base type and open type', () => {
      const expected = ['entity', ...modelled.map((type) => type.name)]
      const usesDirectoryObject = modelled.some(
        (type) =>
          type.baseType === 'directoryObject' ||
          Object.values(type.navigations).some((nav) => nav.target === 'directoryObject'),
      )
      if (usesDirectoryObject) expected.push('directoryObject')
      assert.deepEqual([...doc.entityTypes.keys()].sort(), [...new Set(expected)].sort())
      for (const type of modelled) {
        const actual = doc.entityTypes.get(type.name)
        assert.equal(actual?.['@_BaseType'], `graph.${type.baseType}`, type.name)
        assert.equal(actual?.['@_OpenType'], type.openType ? 'true' : undefined, type.name)
        assert.equal(actual?.['@_Abstract'], undefined, type.name)
      }
      for (const actual of doc.entityTypes.values()) {
        const base = actual['@_BaseType']?.replace(/^graph\./, '')
        if (base !== undefined) assert.ok(doc.entityTypes.has(base), `${actual['@_Name']} base`)
      }
    })

    test('every property, with its type and nullability, and no other', () => {
      for (const type of modelled) {
        const names = Object.keys(type.properties).filter((n) => isMemberIn(version, type.name, n))
        for (const name of names) {
          assertProperty(
            type.name,
            findProperty(doc, type.name, name),
            name,
            type.properties[name]!,
          )
        }
        for (const actual of doc.entityTypes.get(type.name)?.Property ?? []) {
          assert.ok(
            names.includes(actual['@_Name']),
            `${type.name}.${actual['@_Name']} not in model`,
          )
        }
      }
    })

    test('every navigation whose target the version has, with ContainsTarget', () => {
      for (const type of modelled) {
        const actual = byName(doc.entityTypes.get(type.name)?.NavigationProperty)
        for (const [name, nav] of Object.entries(type.navigations)) {
          const shown = isMemberIn(version, type.name, name) && doc.entityTypes.has(nav.target)
          assert.equal(actual.has(name), shown, `${type.name}.${name}`)
          if (!shown) continue
          const target = `graph.${nav.target}`
          assert.equal(
            actual.get(name)?.['@_Type'],
            nav.collection ? `Collection(${target})` : target,
          )
          assert.equal(actual.get(name)?.['@_ContainsTarget'], nav.contained ? 'true' : undefined)
        }
        assert.ok(
          [...actual.keys()].every((name) => name in type.navigations),
          type.name,
        )
      }
    })

    test('every enum type it shows has the model’s members and values, in order', () => {
      for (const [name, actual] of doc.enumTypes) {
        const model = ENUM_TYPES.find((type) => type.name === name)
        assert.ok(model, `enum ${name} not in model`)
        const members = (actual.Member ?? []).map((m) => [m['@_Name'], m['@_Value']])
        assert.deepEqual(
          members,
          model.members.map((member, value) => [member, String(value)]),
        )
      }
      if (version === 'beta') {
        assert.deepEqual(
          [...doc.enumTypes.keys()],
          ENUM_TYPES.map((type) => type.name),
        )
      }
    })

    test('every complex type it shows has the model’s properties', () => {
      for (const [name, actual] of doc.complexTypes) {
        const model = COMPLEX_TYPES.find((type) => type.name === name)
        assert.ok(model, `complex type ${name} not in model`)
        const properties = byName(actual.Property)
        assert.deepEqual([...properties.keys()], Object.keys(model.properties))
        for (const [prop, def] of Object.entries(model.properties)) {
          assertProperty(name, properties.get(prop), prop, def)
        }
      }
      if (version === 'beta') {
        assert.deepEqual(
          [...doc.complexTypes.keys()],
          COMPLEX_TYPES.map((type) => type.name),
        )
      }
    })

    test('every graph.* type a property names is defined in the document', () => {
      const defined = new Set([...doc.enumTypes.keys(), ...doc.complexTypes.keys()])
      const properties = [...doc.entityTypes.values(), ...doc.complexTypes.values()].flatMap(
        (type) => type.Property ?? [],
      )
      for (const property of properties) {
        const named = /graph\.(\w+)/.exec(property['@_Type'] ?? '')?.[1]
        if (named !== undefined) assert.ok(defined.has(named), `${property['@_Name']}: ${named}`)
      }
    })

    test('an entity set for every type that has one, binding its non-contained navigations', () => {
      const expected = modelled.filter((type) => type.entitySet !== undefined)
      assert.deepEqual(
        [...doc.entitySets.values()].map((set) => [set['@_Name'], set['@_EntityType']]).sort(),
        expected.map((type) => [type.entitySet, `graph.${type.name}`]).sort(),
      )
      for (const type of expected) {
        const actual = doc.entitySets.get(type.entitySet!)?.NavigationPropertyBinding ?? []
        assert.deepEqual(
          actual.map((binding) => [binding['@_Path'], binding['@_Target']]),
          expectedBindings(type),
          type.name,
        )
      }
    })

    test('the singleton me is a user', () => {
      assert.deepEqual(
        [...doc.singletons.values()].map((one) => [one['@_Name'], one['@_Type']]),
        modelled.some((type) => type.name === 'user') ? [['me', 'graph.user']] : [],
      )
      const user = modelled.find((type) => type.name === 'user')
      if (user === undefined) return
      const bindings = doc.singletons.get('me')?.NavigationPropertyBinding ?? []
      assert.deepEqual(
        bindings.map((binding) => [binding['@_Path'], binding['@_Target']]),
        expectedBindings(user),
      )
    })

    test('the service document lists the same entity sets and singletons', () => {
      assert.deepEqual(serviceDocumentEntries(version), [
        ...[...doc.entitySets.keys()].map((name) => ({ name, kind: 'EntitySet', url: name })),
        ...[...doc.singletons.keys()].map((name) => ({ name, kind: 'Singleton', url: name })),
      ])
    })

    if (version === 'v1.0') {
      test('v1.0 has no App Proxy type, enum or beta-only member (spec §1, CSDL-V1)', () => {
        for (const name of APP_PROXY_NAMES) {
          assert.doesNotMatch(xml, new RegExp(`"(graph\\.)?${name}"`), name)
        }
        for (const [type, members] of Object.entries(BETA_ONLY_MEMBERS)) {
          for (const member of members) assert.equal(findProperty(doc, type, member), undefined)
        }
      })
    }

    test('matches the snapshot', () => {
      const file = join(SNAPSHOTS, `metadata-${version}.xml`)
      assert.equal(
        xml,
        readFileSync(file, 'utf8'),
        `$metadata ${version} differs from ${file}. If the model changed on purpose, run ` +
          '`npm run metadata:snapshot` and commit the new snapshot.',
      )
    })
  })
}

describe('$metadata for model shapes not yet in entities.ts', () => {
  const group: EntityTypeDef = {
    name: 'group',
    baseType: 'directoryObject',
    openType: true,
    entitySet: 'groups',
    versions: ['v1.0', 'beta'],
    properties: { id: prop.key(), displayName: prop.string({ nullable: true }) },
    navigations: {
      members: { target: 'directoryObject', collection: true, contained: false },
      owners: { target: 'servicePrincipal', collection: true, contained: false },
      team: { target: 'group', collection: false, contained: false },
    },
  }
  const model = { entityTypes: [group], enumTypes: [], complexTypes: [], betaOnlyMembers: {} }

  test('directoryObject is written when used, and unknown navigation targets are left out', () => {
    const doc = parse(writeCsdl(versionSchema('v1.0', model)))
    assert.equal(doc.entityTypes.get('directoryObject')?.['@_BaseType'], 'graph.entity')
    const navigations = byName(doc.entityTypes.get('group')?.NavigationProperty)
    assert.deepEqual([...navigations.keys()], ['members', 'team'])
    assert.equal(navigations.get('members')?.['@_Type'], 'Collection(graph.directoryObject)')
    // directoryObject has no entity set here, so only the self-reference is bound.
    const bindings = doc.entitySets.get('groups')?.NavigationPropertyBinding ?? []
    assert.deepEqual(
      bindings.map((b) => [b['@_Path'], b['@_Target']]),
      [['team', 'groups']],
    )
    assert.equal(doc.singletons.size, 0)
  })

  test('names are escaped', () => {
    const odd = { ...group, name: 'a&b<"c">', navigations: {} }
    const xml = writeCsdl(versionSchema('beta', { ...model, entityTypes: [odd] }))
    assert.ok(parse(xml).entityTypes.has('a&b<"c">'))
  })
})
