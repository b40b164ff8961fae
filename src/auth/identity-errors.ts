// The identity platform's OAuth 2.0 error responses (RFC 6749 §5.2 as Entra writes them, with the
// AADSTS code in error_description and error_codes). Graph errors are errors/catalogue.ts's; these
// are only for the token and authorize endpoints, which the identity routes render as they are.
import { randomUUID } from 'node:crypto'

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_resource'

export interface IdentityErrorBody {
  error: OAuthErrorCode
  error_description: string
  error_codes: number[]
  timestamp: string
  trace_id: string
  correlation_id: string
  error_uri: string
}

export interface IdentityErrorResponse {
  status: number
  body: IdentityErrorBody
}

export interface IdentityErrorContext {
  now?: Date
  /** The caller's client-request-id, which Entra echoes as correlation_id. */
  correlationId?: string
  traceId?: string
}

// RFC 6749 §5.2: 400, except a failed client authentication, which Entra answers with 401.
const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_resource: 400,
}

export function identityError(
  error: OAuthErrorCode,
  aadsts: number,
  description: string,
  context: IdentityErrorContext = {},
): IdentityErrorResponse {
  const traceId = context.traceId ?? randomUUID()
  const correlationId = context.correlationId ?? randomUUID()
  // Entra's format: "2016-04-11 18:00:12Z" in the body, the same inside the description.
  const timestamp = `${(context.now ?? new Date()).toISOString().slice(0, 19).replace('T', ' ')}Z`
  return {
    status: STATUS[error],
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    },
  }
}

type Ctx = IdentityErrorContext | undefined

// The AADSTS codes we emit, texts as Entra writes them (learn.microsoft.com/entra/identity-platform/reference-error-codes).
export const identityErrors = {
  tenantNotFound: (tenant: string, c?: Ctx) =>
    identityError(
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      c,
    ),
  missingParameter: (name: string, c?: Ctx) =>
    identityError(
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
      c,
    ),
  missingField: (field: string, c?: Ctx) =>
    identityError(
      'invalid_request',
      90014,
      `The required field '${field}' is missing from the credential. Ensure that you have all the necessary parameters for the login request.`,
      c,
    ),
  redirectUriMismatch: (uri: string, appId: string, c?: Ctx) =>
    identityError(
      'invalid_request',
      50011,
      `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
      c,
    ),
  applicationNotFound: (appId: string, tenant: string, c?: Ctx) =>
    identityError(
      'unauthorized_client',
      700016,
      `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      c,
    ),
  invalidClientSecret: (appId: string, c?: Ctx) =>
    identityError(
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
      c,
    ),
  missingClientCredential: (c?: Ctx) =>
    identityError(
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      c,
    ),
  publicClientWithSecret: (c?: Ctx) =>
    identityError(
      'invalid_client',
      700025,
      "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      c,
    ),
  invalidCredentials: (c?: Ctx) =>
    identityError(
      'invalid_grant',
      50126,
      'Error validating credentials due to invalid username or password.',
      c,
    ),
  invalidCode: (c?: Ctx) =>
    identityError(
      'invalid_grant',
      70000,
      "The provided value for the 'code' parameter is not valid.",
      c,
    ),
  malformedGrant: (c?: Ctx) =>
    identityError('invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.', c),
  expiredGrant: (c?: Ctx) =>
    identityError(
      'invalid_grant',
      70008,
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
      c,
    ),
  pkceMismatch: (c?: Ctx) =>
    identityError(
      'invalid_grant',
      50148,
      'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
      c,
    ),
  consentRequired: (appId: string, appName: string, c?: Ctx) =>
    identityError(
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${appId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
      c,
    ),
  unsupportedGrantType: (grantType: string, c?: Ctx) =>
    identityError(
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
      c,
    ),
  invalidScope: (scope: string, c?: Ctx) =>
    identityError(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
      c,
    ),
  noTenantInformation: (c?: Ctx) =>
    identityError(
      'invalid_request',
      50059,
      'No tenant-identifying information found in either the request or implied by any provided credentials.',
      c,
    ),
  userDisabled: (c?: Ctx) =>
    identityError(
      'invalid_grant',
      50057,
      'The user account is disabled. The account has been disabled by an administrator.',
      c,
    ),
  resourceNotFound: (resource: string, tenant: string, c?: Ctx) =>
    identityError(
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      c,
    ),
} as const

export type IdentityErrorName = keyof typeof identityErrors

/**
 * An identity-platform error on its way to the identity routes, which render it with the request's
 * ids. Example: `throw new IdentityError((c) => identityErrors.invalidCredentials(c))`.
 */
export class IdentityError extends Error {
  readonly render: (context: IdentityErrorContext) => IdentityErrorResponse
  constructor(render: (context: IdentityErrorContext) => IdentityErrorResponse) {
    super('identity platform error')
    this.name = 'IdentityError'
    this.render = render
  }
}
