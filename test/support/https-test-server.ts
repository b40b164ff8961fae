// The test server over HTTPS for the compat suite: it serves the certificate scripts/run-tests.mjs
// generated and pointed NODE_EXTRA_CA_CERTS at (Node reads that variable only at start-up, so the
// runner must set it before any test process starts).
import { join } from 'node:path'
import type { Config } from '../../src/config.js'
import type { Backend } from './backends.js'
import { startTestServer } from './start-test-server.js'
import type { TestServer } from './start-test-server.js'

export async function startHttpsTestServer(
  backend: Backend,
  config: Partial<Config> = {},
): Promise<TestServer> {
  const dir = process.env.GRAPH_APPPROXY_TEST_TLS_DIR
  if (dir === undefined || dir === '' || process.env.NODE_EXTRA_CA_CERTS === undefined) {
    throw new Error(
      'The compat tests need HTTPS with a trusted certificate: run them through `node scripts/run-tests.mjs compat`, which generates one and sets NODE_EXTRA_CA_CERTS.',
    )
  }
  return startTestServer({
    backend,
    config: { ...config, https: true, cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') },
  })
}

/** `host:port` of the server, as msal-node's knownAuthorities wants it. */
export const hostOf = (server: TestServer): string => new URL(server.baseUrl).host
