// Exhaustiveness check for switches over `kind`: a new node type fails to compile until every
// stage handles it (STYLE.md §4).

export function assertNever(x: never): never {
  throw new Error(`Unexpected node: ${JSON.stringify(x)}`)
}
