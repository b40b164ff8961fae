// The yardstick of issue #7: a bare node:http server answering one fixed JSON object of about the
// size of a connector group, whatever the method, path or body. Every ratio the bench prints is a
// server's req/s over this one's, measured in the same round on the same machine.
import { createServer } from 'node:http'

// Shaped like GET connectorGroups/{id} (about 330 bytes), so both servers write similar bodies.
const BODY = JSON.stringify({
  '@odata.context':
    "http://127.0.0.1:5080/beta/$metadata#onPremisesPublishingProfiles('applicationProxy')/connectorGroups/$entity",
  id: '4a7e3c1e-5b4f-4f43-9b5a-2f1d7c2e8a11',
  name: 'gateway-000123',
  connectorGroupType: 'applicationProxy',
  isDefault: false,
  region: 'eur',
})
const LENGTH = String(Buffer.byteLength(BODY))

const server = createServer((request, response) => {
  // POST bodies are read to the end, as any real server must before it answers.
  request.resume()
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': LENGTH })
    response.end(BODY)
  })
})

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${address.port}` })
})

process.on('message', (message: { type?: string }) => {
  if (message.type === 'stop') server.close(() => process.exit(0))
})
process.on('disconnect', () => process.exit(0))
