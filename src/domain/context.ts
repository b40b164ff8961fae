// What the domain knows about a request: whose tenant it acts in and who asks. The edge builds
// it (from the development tenant now, from the token's `tid` once tokens exist, issue #3).
import type { Store } from '../store/store.js'

export interface RequestContext {
  readonly tenantId: string
  readonly requestId: string
}

/** What every domain operation runs with; built once at start-up. */
export interface DomainDeps {
  readonly store: Store
  readonly now: () => Date
}
