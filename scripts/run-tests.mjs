// Runs node's test runner over an explicit list of test files (a quoted glob finds none on
// Node 20), on every backend. Usage: node scripts/run-tests.mjs [unit|api|compat ...]
// PostgreSQL: the server GRAPH_APPPROXY_TEST_PG_URL names (an admin URL; each test server creates
// and drops its own database there), or else a throwaway one started here from the machine's
// PostgreSQL binaries and removed afterwards, whether the tests pass or not.
import { spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SUITES = ['unit', 'api', 'compat']
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : SUITES

function testFiles(dir) {
  let entries
  try {
    entries = readdirSync(dir)
  } catch {
    return []
  }
  return entries.sort().flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return testFiles(path)
    return name.endsWith('.test.ts') ? [path] : []
  })
}

const files = chosen.flatMap((suite) => {
  if (!SUITES.includes(suite)) {
    console.error(`unknown suite '${suite}' (expected one of ${SUITES.join(', ')})`)
    process.exit(2)
  }
  return testFiles(join('test', suite))
})
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}

// Same parsing as test/support/backends.ts, which the test files use.
const backends =
  (process.env.BACKENDS ?? '').trim() === ''
    ? ['sqlite', 'postgres']
    : process.env.BACKENDS.split(',').map((name) => name.trim())
// Unit tests never open a database.
const needsPostgres = backends.includes('postgres') && chosen.some((suite) => suite !== 'unit')

/** initdb and pg_ctl: on PATH, else the newest Debian/Ubuntu install under /usr/lib/postgresql. */
function postgresBinDir() {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim()
  if (onPath !== '' && existsSync(join(onPath, '..', 'initdb'))) return join(onPath, '..')
  let versions = []
  try {
    versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
  } catch {
    // No Debian-style install either.
  }
  const found = versions
    .map((v) => `/usr/lib/postgresql/${v}/bin`)
    .find((dir) => existsSync(join(dir, 'initdb')))
  return found
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** A throwaway cluster: trust auth, 127.0.0.1 on a free port, sockets and data in a temp dir. */
async function startThrowawayPostgres() {
  const bin = postgresBinDir()
  if (bin === undefined) {
    console.error(
      'PostgreSQL tests need a server, and none was found: no initdb/pg_ctl on PATH or under ' +
        '/usr/lib/postgresql/*/bin. Install PostgreSQL (apt-get install postgresql), or set ' +
        'GRAPH_APPPROXY_TEST_PG_URL to an admin URL such as postgres://postgres@127.0.0.1:5432/postgres, ' +
        'or run BACKENDS=sqlite to test SQLite only.',
    )
    process.exit(1)
  }
  const dir = mkdtempSync(join(tmpdir(), 'graph-appproxy-pg-'))
  const data = join(dir, 'data')
  // initdb refuses to run as root, so as root everything runs as the postgres user.
  const isRoot = process.getuid?.() === 0
  if (isRoot) chownSync(dir, Number(idOf('-u')), Number(idOf('-g')))
  const run = (command, args) => {
    const [file, argv] = isRoot
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, args]
    const result = spawnSync(file, argv, { encoding: 'utf8' })
    if (result.status !== 0) {
      throw new Error(
        `${command} failed (${result.status}): ${result.stderr || result.stdout || result.error}`,
      )
    }
  }
  const stop = () => {
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])
    } catch {
      // Not running (it failed to start): only the folder is left to remove.
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const port = await freePort()
    run(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
    ])
    // No durability needed for a database thrown away after the run; enough connections for
    // test files running side by side, each with its own pools.
    const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=300`
    run(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-o',
      settings,
      '-w',
      'start',
    ])
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, bin, stop }
  } catch (error) {
    stop()
    throw error
  }
}

function idOf(flag) {
  return spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim()
}

const env = { ...process.env }
let cluster
if (needsPostgres && (env.GRAPH_APPPROXY_TEST_PG_URL ?? '') === '') {
  cluster = await startThrowawayPostgres()
  env.GRAPH_APPPROXY_TEST_PG_URL = cluster.url
}
const masked = (url) => url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:********@')
console.log(
  `backends: ${backends.join(', ')}` +
    (needsPostgres
      ? `; PostgreSQL: ${masked(env.GRAPH_APPPROXY_TEST_PG_URL)}` +
        (cluster === undefined
          ? ' (GRAPH_APPPROXY_TEST_PG_URL)'
          : ` (throwaway cluster from ${cluster.bin})`)
      : ''),
)

// The compat suite talks HTTPS to the server, as MSAL and the Graph client require; they trust
// its self-signed certificate through NODE_EXTRA_CA_CERTS, as the README tells users to.
let tlsDir
if (chosen.includes('compat') && (env.GRAPH_APPPROXY_TEST_TLS_DIR ?? '') === '') {
  tlsDir = mkdtempSync(join(tmpdir(), 'graph-appproxy-tls-'))
  const made = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/test-certificate.ts', tlsDir],
    { stdio: 'inherit' },
  )
  if (made.status !== 0) process.exit(made.status ?? 1)
  env.GRAPH_APPPROXY_TEST_TLS_DIR = tlsDir
  env.NODE_EXTRA_CA_CERTS = join(tlsDir, 'cert.pem')
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...files], {
  stdio: 'inherit',
  env,
})
// Ctrl-C reaches the runner too (same process group); wait for it to end, then clean up.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
const status = await new Promise((resolve) => {
  child.on('error', () => resolve(1))
  child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)))
})
cluster?.stop()
if (tlsDir !== undefined) rmSync(tlsDir, { recursive: true, force: true })
process.exit(status)
