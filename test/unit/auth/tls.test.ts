import assert from 'node:assert/strict'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer, request } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { X509Certificate } from 'node:crypto'
import { loadOrCreateCertificate } from '../../../src/auth/tls.js'

describe('self-signed certificate', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'graph-appproxy-tls-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('is generated once, saved, and reused on the next start', async () => {
    const first = await loadOrCreateCertificate({ dir: join(dir, 'tls') })
    assert.equal(first.created, true)
    assert.equal(first.certPath, join(dir, 'tls', 'cert.pem'))
    assert.equal((await stat(first.keyPath)).mode & 0o077, 0)
    const second = await loadOrCreateCertificate({ dir: join(dir, 'tls') })
    assert.equal(second.created, false)
    assert.equal(second.cert, first.cert)
    assert.equal(second.key, first.key)
    const x509 = new X509Certificate(first.cert)
    assert.match(x509.subjectAltName ?? '', /DNS:localhost/)
    assert.match(x509.subjectAltName ?? '', /IP Address:127\.0\.0\.1/)
  })

  it('serves HTTPS on 127.0.0.1 to a client that trusts it', async (t) => {
    const { cert, key } = await loadOrCreateCertificate({ dir: join(dir, 'tls') })
    const server = createServer({ cert, key }, (_req, res) => res.end('ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    t.after(() => new Promise((resolve) => server.close(resolve)))
    const { port } = server.address() as AddressInfo
    for (const host of ['127.0.0.1', 'localhost']) {
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            servername: host === 'localhost' ? host : undefined,
            port,
            ca: cert,
            path: '/',
          },
          (res) => {
            let text = ''
            res.on('data', (chunk: Buffer) => (text += chunk.toString()))
            res.on('end', () => resolve(text))
          },
        )
        req.on('error', reject)
        req.end()
      })
      assert.equal(body, 'ok')
    }
  })
})
