// What the domain knows about a request: whose tenant it acts in and who asks. The edge builds
// it from the verified token: the tenant is the token's `tid` (issue #3 §6).
import type { Principal } from '../auth/verify-token.js'
import type { Store } from '../store/store.js'

export interface RequestContext {
  readonly tenantId: string
  readonly requestId: string
  /** The caller, for `/me` and the like; absent only on routes served without a token. */
  readonly principal?: Principal
}

/** What every domain operation runs with; built once at start-up. */
export interface DomainDeps {
  readonly store: Store
  readonly now: () => Date
}
