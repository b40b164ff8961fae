// The certificate behind --https: a self-signed one generated on first use and kept under the data
// directory, so clients that pin or trust it keep working across restarts. --cert/--key files are
// read by readCertificate; serving TLS is the server's job.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { join } from 'node:path'

export interface CertificateOptions {
  dir: string
  hostnames?: readonly string[]
  now?: Date
}

export interface Certificate {
  cert: string
  key: string
  certPath: string
  keyPath: string
  /** True when this call generated the certificate. */
  created: boolean
}

const DEFAULT_HOSTNAMES = ['localhost', '127.0.0.1']
// 825 days: the longest validity macOS and iOS accept for a TLS server certificate.
const VALIDITY_DAYS = 825

export async function loadOrCreateCertificate(opts: CertificateOptions): Promise<Certificate> {
  const certPath = join(opts.dir, 'cert.pem')
  const keyPath = join(opts.dir, 'key.pem')
  const existing = await readCertificate(certPath, keyPath).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw error
    },
  )
  if (existing !== undefined) return existing

  const hostnames = opts.hostnames ?? DEFAULT_HOSTNAMES
  const notBeforeDate = opts.now ?? new Date()
  const notAfterDate = new Date(notBeforeDate.getTime() + VALIDITY_DAYS * 86_400_000)
  // Loaded only when a certificate is generated: it weighs about 8 MB of memory (bench/README.md).
  const { default: selfsigned } = await import('selfsigned')
  const pems = await selfsigned.generate(
    [{ name: 'commonName', value: hostnames[0] ?? 'localhost' }],
    {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: hostnames.map((h) =>
            isIP(h) === 0 ? { type: 2, value: h } : { type: 7, ip: h },
          ),
        },
      ],
    },
  )
  await mkdir(opts.dir, { recursive: true })
  // The key first, readable by its owner only; the certificate last, so a crash in between
  // leaves no certificate without its key.
  await writeFile(keyPath, pems.private, { mode: 0o600 })
  await writeFile(certPath, pems.cert)
  return { cert: pems.cert, key: pems.private, certPath, keyPath, created: true }
}

export async function readCertificate(certPath: string, keyPath: string): Promise<Certificate> {
  const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')])
  return { cert, key, certPath, keyPath, created: false }
}
