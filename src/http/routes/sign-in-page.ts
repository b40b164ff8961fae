// The small sign-in page behind GET /{tenant}/oauth2/v2.0/authorize, and the ways a code goes
// back to the client (response_mode query, fragment or form_post).

/** The authorize parameters carried through the form unchanged. */
export const CARRIED_PARAMETERS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'login_hint',
  'prompt',
] as const

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function signInPage(
  action: string,
  params: Readonly<Record<string, string | undefined>>,
  error?: string,
): string {
  const hidden = CARRIED_PARAMETERS.filter((name) => params[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params[name] ?? '')}">`)
    .join('\n      ')
  const message = error === undefined ? '' : `<p role="alert" id="error">${escapeHtml(error)}</p>`
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Sign in to graph-appproxy</title></head>
  <body>
    <h1>Sign in</h1>
    ${message}
    <form method="post" action="${escapeHtml(action)}">
      ${hidden}
      <label>Email, phone, or Skype <input name="login" type="email" autocomplete="username" value="${escapeHtml(params.login_hint ?? '')}" required></label>
      <label>Password <input name="passwd" type="password" autocomplete="current-password" required></label>
      <button type="submit">Sign in</button>
    </form>
  </body>
</html>
`
}

export type ResponseMode = 'query' | 'fragment' | 'form_post'

/** Where and how the browser goes back to the client with `values` (code, state, client_info or an error). */
export function redirectBack(
  redirectUri: string,
  mode: ResponseMode,
  values: Record<string, string>,
): { location: string } | { html: string } {
  if (mode === 'form_post') {
    const inputs = Object.entries(values)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('')
    return {
      html: `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button>Continue</button></noscript></form></body></html>`,
    }
  }
  const url = new URL(redirectUri)
  const encoded = new URLSearchParams(values).toString()
  if (mode === 'fragment') return { location: `${url.toString().split('#')[0]}#${encoded}` }
  for (const [k, v] of Object.entries(values)) url.searchParams.set(k, v)
  return { location: url.toString() }
}
