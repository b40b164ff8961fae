// Messages between the bench runner and its child processes (server, yardstick), over Node's IPC
// channel. One request, one reply; the runner waits for each reply before sending the next.

export type ServerRequest =
  /** Bulk-insert connector groups until the tenant has `total` of them (bench/seed-store.ts). */
  | { type: 'seed-groups'; total: number }
  /** Delete the groups whose name starts with `prefix` (what W3 created). */
  | { type: 'delete-groups'; prefix: string }
  /** Ids of `count` groups picked at random, so that W1 reads all over the table. */
  | { type: 'sample-groups'; count: number }
  | { type: 'stop' }

export type ServerReply =
  | {
      type: 'ready'
      url: string
      adminKey?: string
      tenantId?: string
      /** The development app and admin user (issue #3 §5), for bench/token.ts. */
      identity?: DevelopmentCredentials
    }
  | { type: 'seeded'; added: number; ms: number }
  | { type: 'deleted'; count: number }
  | { type: 'sampled'; ids: string[] }
  | { type: 'error'; message: string }

export interface DevelopmentCredentials {
  appId: string
  userPrincipalName: string
  password: string
}
