// Configuration: defaults ← file ← env ← flags, each option under one name (STYLE.md §5).
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { DEFAULTS, describeConfig, envName, resolveConfig } from '../../src/config.js'

test('flags beat the environment, which beats the file, which beats the defaults', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'config.json')
  writeFileSync(file, JSON.stringify({ port: 7000, host: '0.0.0.0', logLevel: 'debug' }))
  const config = resolveConfig({
    file,
    env: { [envName('port')]: '7001', [envName('host')]: '127.0.0.2' },
    flags: { port: '7002' },
  })
  assert.equal(config.port, 7002)
  assert.equal(config.host, '127.0.0.2')
  assert.equal(config.logLevel, 'debug')
  assert.equal(config.dataDir, DEFAULTS.dataDir)
})

test('environment names follow the option names', () => {
  assert.equal(envName('dbUrl'), 'GRAPH_APPPROXY_DB_URL')
  assert.equal(
    envName('connectorInactiveAfterSeconds'),
    'GRAPH_APPPROXY_CONNECTOR_INACTIVE_AFTER_SECONDS',
  )
})

test('bad values and unknown options are refused with the source named', () => {
  assert.throws(() => resolveConfig({ flags: { port: 'x' } }), /command line: option 'port'/)
  assert.throws(
    () => resolveConfig({ env: { [envName('port')]: '70000' } }),
    /environment: option 'port'/,
  )
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'config.json')
  writeFileSync(file, JSON.stringify({ colour: 'red' }))
  assert.throws(() => resolveConfig({ file }), /unknown option 'colour'/)
})

test('secrets are masked when the configuration is printed', () => {
  const shown = describeConfig({ ...DEFAULTS, adminKey: 's3cret' })
  assert.equal(shown.adminKey, '********')
})
