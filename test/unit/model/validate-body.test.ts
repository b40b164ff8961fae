// Model-driven body validation: each row is a body and what validateBody makes of it.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GraphError } from '../../../src/errors/graph-error.js'
import { application, connectorGroup } from '../../../src/model/entities.js'
import { validateBody } from '../../../src/model/validate-body.js'

describe('validateBody', () => {
  const accepted: Array<
    [string, Record<string, unknown>, 'create' | 'update', Record<string, unknown>]
  > = [
    [
      'keeps writable properties',
      { name: 'a', region: 'eur' },
      'create',
      { name: 'a', region: 'eur' },
    ],
    [
      'drops server-set properties (spec §2.4)',
      { name: 'a', isDefault: true, connectorGroupType: 'x', id: 'y' },
      'create',
      { name: 'a' },
    ],
    [
      'ignores instance annotations',
      { '@odata.type': '#microsoft.graph.connectorGroup', name: 'a' },
      'create',
      { name: 'a' },
    ],
    ['allows null on a nullable property', { region: null }, 'update', { region: null }],
    ['needs nothing on update', {}, 'update', {}],
    [
      'checks complex members and keeps them',
      {
        displayName: 'x',
        onPremisesPublishing: { externalUrl: 'https://a', isTranslateHostHeaderEnabled: true },
      },
      'create',
      {
        displayName: 'x',
        onPremisesPublishing: { externalUrl: 'https://a', isTranslateHostHeaderEnabled: true },
      },
    ],
  ]
  for (const [name, body, mode, expected] of accepted) {
    test(name, () => {
      const entity = 'displayName' in body ? application : connectorGroup
      assert.deepEqual(validateBody(entity, body, mode), expected)
    })
  }

  const refused: Array<[string, Record<string, unknown>, 'create' | 'update', string, RegExp]> = [
    [
      'a missing required property on create',
      { region: 'eur' },
      'create',
      'Request_BadRequest',
      /'name' is required/,
    ],
    [
      'null where the model forbids it',
      { name: null },
      'update',
      'BadRequest',
      /null value was found for the property named 'name'/,
    ],
    ['a number for a string', { name: 1 }, 'create', 'BadRequest', /Edm\.String/],
    [
      'an enum value outside the CSDL (D7)',
      { name: 'a', region: 'japan' },
      'create',
      'BadRequest',
      /'japan' is not valid for the enum type 'microsoft\.graph\.connectorGroupRegion'/,
    ],
    [
      'an unknown property',
      { name: 'a', colour: 'red' },
      'create',
      'BadRequest',
      /'colour' does not exist on type 'microsoft\.graph\.connectorGroup'/,
    ],
    [
      'a navigation property',
      { name: 'a', members: [] },
      'create',
      'BadRequest',
      /contained entities/,
    ],
    [
      'an unknown complex member',
      { displayName: 'x', onPremisesPublishing: { nope: 1 } },
      'create',
      'BadRequest',
      /'nope' does not exist on type 'microsoft\.graph\.onPremisesPublishing'/,
    ],
    [
      'a complex value that is not an object',
      { displayName: 'x', onPremisesPublishing: [1] },
      'create',
      'BadRequest',
      /onPremisesPublishing/,
    ],
  ]
  for (const [name, body, mode, code, message] of refused) {
    test(`refuses ${name}`, () => {
      const entity = 'displayName' in body ? application : connectorGroup
      assert.throws(
        () => validateBody(entity, body, mode),
        (error: unknown) =>
          error instanceof GraphError &&
          error.status === 400 &&
          error.code === code &&
          message.test(error.message),
      )
    })
  }
})
