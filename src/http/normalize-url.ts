// Rewrites a request URL into the one form the router knows: `%24` in the path means `$`
// (issue #2 §4), and keys in parentheses (`connectorGroups('{id}')`, spec §5.2) become segments.

export function normalizeUrl(url: string): string {
  const queryStart = url.indexOf('?')
  const path = queryStart === -1 ? url : url.slice(0, queryStart)
  // Most URLs have neither; this runs on every request.
  if (!path.includes('%') && !path.includes('(')) return url
  const query = queryStart === -1 ? '' : url.slice(queryStart)
  const normalized = path
    .replace(/%24/gi, '$')
    .replace(/\/([A-Za-z][\w.]*)\((?:'|%27)([^/()]*?)(?:'|%27)\)/g, '/$1/$2')
    .replace(/\/([A-Za-z][\w.]*)\(([0-9A-Fa-f-]{36})\)/g, '/$1/$2')
  return normalized + query
}
