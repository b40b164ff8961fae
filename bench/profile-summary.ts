// Summarises a V8 .cpuprofile (from `npm run bench -- --profile`): self time by function and by
// module (a package under node_modules, a file under src/, or node's internals), heaviest first.
// Usage: npx tsx bench/profile-summary.ts bench/results/profiles/<file>.cpuprofile [top]
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const [file, topArg] = process.argv.slice(2)
if (file === undefined) throw new Error('usage: profile-summary <file.cpuprofile> [top]')
const top = Number(topArg ?? 25)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile

// Self time per node from the sample stream (hitCount alone ignores the varying intervals).
const selfUs = new Map<number, number>()
profile.samples.forEach((id, i) =>
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
)
const total = [...selfUs.values()].reduce((a, b) => a + b, 0)

function moduleOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg !== null) return pkg[1] as string
  const own = /\/((?:src|bench)\/.*)$/.exec(url)
  if (own !== null) return own[1] as string
  return url.startsWith('node:') ? url : url.replace(/^.*\//, '')
}

const byFunction = new Map<string, number>()
const byModule = new Map<string, number>()
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0
  if (us === 0) continue
  const { functionName, url, lineNumber } = node.callFrame
  const module = moduleOf(url, functionName)
  const fn = `${functionName || '(anonymous)'}  ${module}:${lineNumber + 1}`
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us)
  byModule.set(module, (byModule.get(module) ?? 0) + us)
}

// Inclusive time: each sample counts once for every function on its stack (recursion once).
const parent = new Map<number, number>()
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id)
const nodeById = new Map(profile.nodes.map((n) => [n.id, n]))
const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame
  return `${functionName || '(anonymous)'}  ${moduleOf(url, functionName)}:${lineNumber + 1}`
}
const inclusive = new Map<string, number>()
profile.samples.forEach((id, i) => {
  const seen = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = nodeById.get(at)
    if (node !== undefined) seen.add(label(node))
  }
  for (const key of seen)
    inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
})

const print = (title: string, rows: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [name, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`,
    )
  }
}
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`)
print('self time by module', byModule)
print('self time by function', byFunction)
print('inclusive time by function', inclusive)
