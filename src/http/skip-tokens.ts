// Opaque, tamper-evident $skiptoken values: the keyset position, bound to the tenant, signed with
// a secret every instance shares (kept in the database).
import { createHmac, timingSafeEqual } from 'node:crypto'
import { errors } from '../errors/catalogue.js'

export interface SkipTokens {
  write(afterId: string, tenantId: string): string
  read(token: string, tenantId: string): string
}

export function createSkipTokens(secret: string): SkipTokens {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest()
  return {
    write(afterId, tenantId) {
      const payload = Buffer.from(JSON.stringify([afterId, tenantId])).toString('base64url')
      return `${payload}.${sign(payload).toString('base64url')}`
    },
    read(token, tenantId) {
      const [payload, signature, extra] = token.split('.')
      if (payload === undefined || signature === undefined || extra !== undefined) throw errors.invalidSkipToken()
      const expected = sign(payload)
      const given = Buffer.from(signature, 'base64url')
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw errors.invalidSkipToken()
      const [afterId, forTenant] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [string, string]
      if (forTenant !== tenantId) throw errors.invalidSkipToken()
      return afterId
    },
  }
}
