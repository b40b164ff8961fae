// Every registered route as a tree of segments, so that a request no route answers can be told
// apart: a segment Graph does not know (E7 names it) or a known path with the wrong method (E18).

interface Node {
  readonly literals: Map<string, Node>
  param?: Node
  methods: Set<string>
}

const newNode = (): Node => ({ literals: new Map(), methods: new Set() })

export type RouteMatch =
  { kind: 'found'; methods: ReadonlySet<string> } | { kind: 'unknown'; segment: string }

export class RouteIndex {
  readonly #root = newNode()

  add(url: string, method: string | string[]): void {
    let node = this.#root
    for (const segment of url.split('/').filter((s) => s !== '')) {
      if (segment.startsWith(':')) {
        node.param ??= newNode()
        node = node.param
      } else {
        const key = segment.toLowerCase()
        let next = node.literals.get(key)
        if (next === undefined) {
          next = newNode()
          node.literals.set(key, next)
        }
        node = next
      }
    }
    for (const m of Array.isArray(method) ? method : [method]) node.methods.add(m)
  }

  match(path: string): RouteMatch {
    let nodes = [this.#root]
    for (const raw of path.split('/').filter((s) => s !== '')) {
      const segment = safeDecode(raw)
      const next: Node[] = []
      for (const node of nodes) {
        const literal = node.literals.get(segment.toLowerCase())
        if (literal !== undefined) next.push(literal)
        // A key never starts with `$`: `connectorGroups/$ref` is not a key (seed 000, spec §9).
        if (node.param !== undefined && !segment.startsWith('$')) next.push(node.param)
      }
      if (next.length === 0) return { kind: 'unknown', segment }
      nodes = next
    }
    const methods = new Set(nodes.flatMap((node) => [...node.methods]))
    if (methods.size === 0) return { kind: 'unknown', segment: lastSegment(path) }
    return { kind: 'found', methods }
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function lastSegment(path: string): string {
  const segments = path.split('/').filter((s) => s !== '')
  return safeDecode(segments[segments.length - 1] ?? '')
}
