// Child processes of a run: graph-appproxy instances and the yardstick, each a separate Node
// process reached over IPC, with its resident memory and CPU time read from /proc (Linux).
import { execFileSync, fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DevelopmentCredentials, ServerReply, ServerRequest } from './protocol.js'

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const require = createRequire(import.meta.url)

export interface Child {
  readonly url: string
  readonly pid: number
  readonly adminKey: string
  readonly tenantId: string
  readonly identity?: DevelopmentCredentials
  /** Sends one request and waits for its reply. */
  ask(request: ServerRequest): Promise<ServerReply>
  /** Resident set size in MB, from /proc/<pid>/status (VmRSS). */
  rssMb(): number
  /** CPU time used so far, user and kernel, all threads, in seconds (/proc/<pid>/stat). */
  cpuSeconds(): number
  stop(): Promise<void>
}

export interface SpawnOptions {
  /** Extra flags for `node` itself, e.g. `--cpu-prof`. */
  nodeFlags?: readonly string[]
  args?: readonly string[]
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`)
  return Math.round((Number(kb) / 1024) * 10) / 10
}

/** USER_HZ: the unit of /proc's CPU times, 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of proc(5); fields[0] is field 3.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

function nextMessage(child: ChildProcess): Promise<ServerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerReply) => {
      cleanup()
      if (message.type === 'error') reject(new Error(`child ${child.pid}: ${message.message}`))
      else resolve(message)
    }
    const onExit = (code: number | null) => {
      cleanup()
      reject(new Error(`child ${child.pid} exited (${code}) before answering`))
    }
    const cleanup = () => {
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}

/** Where `compileChildren` puts the children's JavaScript (git ignores it). */
const BUILD_DIR = here('../.bench-build/')

/**
 * Compiles the server and yardstick processes with tsc, as `npm run build` does for production:
 * under tsx every process would also carry tsx's loader thread (about 70 MB of RSS) and load
 * slower code, and the figures would describe the development setup, not the server.
 */
export function compileChildren(): void {
  rmSync(BUILD_DIR, { recursive: true, force: true })
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', here('./tsconfig.build.json')],
    {
      stdio: 'inherit',
    },
  )
}

async function spawnChild(script: string, options: SpawnOptions): Promise<Child> {
  const child = fork(join(BUILD_DIR, 'bench', script), [...(options.args ?? [])], {
    execArgv: [...(options.nodeFlags ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ready = await nextMessage(child)
  if (ready.type !== 'ready' || child.pid === undefined) throw new Error(`unexpected ${ready.type}`)
  const pid = child.pid
  let queue: Promise<unknown> = Promise.resolve()
  return {
    url: ready.url,
    pid,
    adminKey: ready.adminKey ?? '',
    tenantId: ready.tenantId ?? '',
    ...(ready.identity === undefined ? {} : { identity: ready.identity }),
    ask(request) {
      const answer = queue.then(() => {
        const reply = nextMessage(child)
        child.send(request)
        return reply
      })
      queue = answer.catch(() => undefined)
      return answer
    },
    rssMb: () => rssMb(pid),
    cpuSeconds: () => cpuSeconds(pid),
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.send({ type: 'stop' })
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export function startYardstick(): Promise<Child> {
  return spawnChild('yardstick.js', {})
}

export interface ServerProcessOptions {
  dbUrl: string
  /** Given to every instance of a multi-instance run, so that one token is valid on all. */
  publicUrl?: string
  profileDir?: string
}

export function startServerProcess(options: ServerProcessOptions): Promise<Child> {
  const nodeFlags =
    options.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.profileDir]
  const args = [
    '--db',
    options.dbUrl,
    ...(options.publicUrl === undefined ? [] : ['--public-url', options.publicUrl]),
  ]
  return spawnChild('server-process.js', { nodeFlags, args })
}
