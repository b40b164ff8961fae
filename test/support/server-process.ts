// graph-appproxy as users run it: `graph-appproxy start` in a process of its own (through tsx, as
// bin/graph-appproxy.js does), for tests of several instances, signals and logs. The banner the
// start command prints gives the URL and the development credentials.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface ServerProcess {
  url: string
  tenantId: string
  adminKey: string
  admin: { userPrincipalName: string; password: string }
  app: { clientId: string; clientSecret: string }
  child: ChildProcess
  /** Every stdout line so far: the banner, then pino's JSON log lines. */
  readonly lines: readonly string[]
  /** Resolves with the first line (seen or still to come) that matches. */
  waitForLine(matches: (line: string) => boolean): Promise<string>
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>
  /** SIGKILL unless it has already ended; for `after` hooks, whatever happened. */
  kill(): Promise<void>
}

/** Runs `node --import tsx <args>` from the repository root (a CLI command and its flags). */
export function runCli(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Starts `graph-appproxy start --port 0 <args>` and resolves once it prints its banner. */
export async function startServerProcess(args: readonly string[]): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'start', '--host', '127.0.0.1', '--port', '0', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const lines: string[] = []
  const waiters: Array<{ matches: (line: string) => boolean; resolve: (line: string) => void }> = []
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let ended = false
  void exited.then(() => (ended = true))
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    lines.push(line)
    for (const waiter of [...waiters]) {
      if (!waiter.matches(line)) continue
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve(line)
    }
  })
  const waitForLine = (matches: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find(matches)
      if (seen !== undefined) return resolve(seen)
      waiters.push({ matches, resolve })
      void exited.then((code) =>
        reject(new Error(`the server exited (${code}) before the line came:\n${stderr}`)),
      )
    })
  const kill = async () => {
    if (ended) return
    child.kill('SIGKILL')
    await exited
  }

  try {
    const banner = (label: string) => waitForLine((line) => line.trimStart().startsWith(label))
    const url = (await banner('graph-appproxy listening on')).split(' on ')[1] as string
    const [, tenantId] = /tenant:\s+(\S+)/.exec(await banner('tenant:')) ?? []
    const [, adminKey] = /admin key:\s+(\S+)/.exec(await banner('admin key:')) ?? []
    const [, upn, password] =
      /admin user:\s+(\S+)\s+password (\S+)/.exec(await banner('admin user:')) ?? []
    const [, clientId, clientSecret] =
      /client id (\S+)\s+secret (\S+)/.exec(await banner('app (all permissions):')) ?? []
    if ([tenantId, adminKey, upn, password, clientId, clientSecret].includes(undefined)) {
      throw new Error(`unexpected banner:\n${lines.join('\n')}`)
    }
    await waitUntilReady(url)
    return {
      url,
      tenantId: tenantId as string,
      adminKey: adminKey as string,
      admin: { userPrincipalName: upn as string, password: password as string },
      app: { clientId: clientId as string, clientSecret: clientSecret as string },
      child,
      lines,
      waitForLine,
      exited,
      kill,
    }
  } catch (error) {
    await kill()
    throw error
  }
}

/** Polls `/_ready` until the instance and its database answer (the banner comes after listen). */
async function waitUntilReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${url}/_ready`).catch(() => undefined)
    if (response?.status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${url}/_ready never answered 200`)
}

/** A delegated token of the development admin from the instance's token endpoint (password grant). */
export async function passwordToken(server: ServerProcess): Promise<string> {
  const response = await fetch(`${server.url}/${server.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: server.app.clientId,
      client_secret: server.app.clientSecret,
      username: server.admin.userPrincipalName,
      password: server.admin.password,
      scope: 'https://graph.microsoft.com/.default',
    }),
  })
  const body = (await response.json()) as { access_token?: string }
  if (response.status !== 200 || body.access_token === undefined) {
    throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`)
  }
  return body.access_token
}
