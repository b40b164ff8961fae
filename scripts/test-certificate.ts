// Writes the self-signed certificate the compat tests serve HTTPS with (the same generator as
// `--https`), so scripts/run-tests.mjs can point NODE_EXTRA_CA_CERTS at it before any test
// process starts: Node reads that variable only at start-up. Usage: tsx scripts/test-certificate.ts <dir>
import { loadOrCreateCertificate } from '../src/auth/tls.js'

const dir = process.argv[2]
if (dir === undefined) throw new Error('usage: tsx scripts/test-certificate.ts <dir>')
await loadOrCreateCertificate({ dir })
