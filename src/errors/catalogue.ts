// Every error graph-appproxy emits: one factory per situation, each naming its row in the spec's
// error table (spec §6.3, E1–E22) or the issue that decided it. Graph codes and message texts
// are written here and nowhere else; docs/errors.md lists each factory (a test keeps them in step).
import { GraphError } from './graph-error.js'

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"'

function unauthorized(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    headers: { 'WWW-Authenticate': WWW_AUTHENTICATE },
  })
}

export const errors = {
  // E1 (spec §6.3; msgraph-sample-reactspa#54)
  tokenEmpty: () => unauthorized('Access token is empty.'),
  // E2 (spec §6.3; tdi#24)
  tokenExpired: () => unauthorized('Access token has expired or is not yet valid.'),
  // E3 (spec §6.3): the IDX14100 wording of newer responses.
  tokenMalformed: () => unauthorized('IDX14100: JWT is not well formed.'),
  // E4 (spec §6.3): bad signature, wrong audience, unknown issuer or tenant.
  tokenInvalid: () => unauthorized('Access token validation failure.'),
  // E5 (spec §6.3, §3.0)
  insufficientPrivileges: () =>
    new GraphError(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    ),
  // E6 (spec §6.3): a directory object or App Proxy object named in the path or a reference is missing.
  resourceNotFound: (id: string) =>
    new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  // E7 (spec §6.3): unknown path segment, App Proxy under /v1.0, seed 000's POST /connectorGroups/$ref.
  segmentNotFound: (segment: string) =>
    new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  // E8 (spec §6.3, §4.2): an empty body where one is required.
  emptyBody: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      "An unexpected 'EndOfInput' node was found when reading from the JSON reader. A 'StartObject' node was expected.",
    ),
  // E8 (spec §6.3): a body that is not JSON, or JSON that is not an object.
  malformedJson: (detail: string) =>
    new GraphError(400, 'BadRequest', `Invalid JSON in the request body: ${detail}`),
  // E9 (spec §1, §5.3)
  invalidObjectIdentifier: (value: string) =>
    new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${value}'.`),
  // E10 (spec §4.2, §5.3)
  referenceAlreadyExists: (navigation: string) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `One or more added object references already exist for the following modified properties: '${navigation}'.`,
    ),
  // E11 (spec §6.3, §7.2)
  unsupportedQuery: () => new GraphError(400, 'Request_UnsupportedQuery', 'Unsupported Query.'),
  // E12 (spec §6.3)
  filterNotIndexed: () =>
    new GraphError(
      400,
      'Request_UnsupportedQuery',
      'The request uses a filter property that is not indexed',
    ),
  // E13 (spec §6.3, §7.2)
  searchNeedsConsistencyLevel: () =>
    new GraphError(
      400,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    ),
  // E14 (spec §6.3, §7.2)
  countNotSupported: () =>
    new GraphError(400, 'Request_BadRequest', '$count is not currently supported.'),
  // E15 (spec §4.5)
  invalidPageSize: (value: string) =>
    new GraphError(
      400,
      'Request_UnsupportedQuery',
      `Invalid page size specified: '${value}'. Must be between 1 and 999 inclusive.`,
    ),
  // E16 (spec §6.3, D-QP)
  expandNotSupported: (property: string) =>
    new GraphError(
      400,
      'ExpandNotSupported',
      `Expand is not allowed for property '${property}' according to the entity schema.`,
    ),
  // E17 (spec §4.2): POST to a non-contained navigation without $ref.
  writeOnlyOnContained: () =>
    new GraphError(400, 'BadRequest', 'Write requests are only supported on contained entities'),
  // E18 (spec §6.3, D5, D6): the target exists but not for this method. Text unconfirmed.
  methodNotAllowed: () =>
    new GraphError(
      405,
      'Request_BadRequest',
      'Specified HTTP method is not allowed for the request target.',
    ),
  // E19 (spec §6.3, §7.4, D-THR): throttling nests its own code, message and status in innerError.
  throttled: (retryAfterSeconds: number) =>
    new GraphError(429, 'TooManyRequests', 'Please retry again later.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
      innerError: { code: '429', message: 'Please retry after', status: '429' },
    }),
  // E20 (spec §4.6)
  resultSizeLimitExceeded: () =>
    new GraphError(
      400,
      'Directory_ResultSizeLimitExceeded',
      'The results could not be returned because the number of results exceeds the limit of 11000.',
    ),
  // E21 (spec §3.4, TF3213): status 404 recommended; text not captured, ours says what is wrong.
  applicationNotPublished: (id: string) =>
    new GraphError(
      404,
      'Application_NotFound',
      `Application '${id}' is not enabled for OnPremisesPublishing. Configure onPremisesPublishing on the application first.`,
    ),
  // E22 (spec §3.3, §6.3): a missing connector or connector group. The App Proxy back end's own code
  // is unconfirmed; the directory's code keeps clients that branch on it working.
  appProxyObjectNotFound: (id: string) =>
    new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),

  // References (spec §5.3)
  invalidReferenceUrl: () =>
    new GraphError(400, 'BadRequest', 'Invalid URL format specified in payload.'),
  missingReference: () =>
    new GraphError(400, 'Request_BadRequest', 'ID is required to add a reference.'),
  // spec §5.3: a target of the wrong type; code unconfirmed, 400 recommended.
  referenceWrongType: (expected: string) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `The referenced object is not of the type '${expected}' this navigation property accepts.`,
    ),

  // Request bodies, checked against the entity model (issue #2). ODL's wording.
  unknownProperty: (property: string, type: string) =>
    new GraphError(
      400,
      'BadRequest',
      `The property '${property}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type.`,
    ),
  propertyRequired: (property: string, type: string) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `The property '${property}' is required when creating an object of type '${type}'.`,
    ),
  invalidPropertyValue: (property: string, expectedType: string) =>
    new GraphError(
      400,
      'BadRequest',
      `Cannot convert the value of property '${property}' to the expected type '${expectedType}'.`,
    ),
  invalidEnumValue: (value: string, enumType: string) =>
    new GraphError(
      400,
      'BadRequest',
      `The value '${value}' is not valid for the enum type '${enumType}'.`,
    ),
  nullNotAllowed: (property: string) =>
    new GraphError(
      400,
      'BadRequest',
      `A null value was found for the property named '${property}', which has the expected type that does not allow null values.`,
    ),

  // Connector-group rules (issue #2, spec §3.3, §8.1–8.3); texts are ours (the service's are unconfirmed).
  regionLocked: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'The region of a connector group can only be changed while it has no connectors and no applications.',
    ),
  connectorGroupNotEmpty: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'A connector group can only be deleted once all its connectors and applications have been moved to other groups.',
    ),
  defaultGroupUndeletable: () =>
    new GraphError(400, 'Request_BadRequest', 'The default connector group cannot be deleted.'),
  connectorCannotBeGroupless: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'A connector always belongs to exactly one connector group. Move it to another group instead of removing it.',
    ),
  alreadyOnDefaultGroup: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'The application already uses the default connector group. Assign it to another group instead.',
    ),

  // Membership (spec §4.1–4.3, issue #4)
  unifiedGroupsCannotContainGroups: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'Unified Groups cannot be added to Unified Groups. paramName: Members, paramValue: , objectType: Microsoft.Online.DirectoryServices.Group',
      { details: [{ target: 'membersWithLicenseErrors.members', code: 'InvalidValue' }] },
    ),
  // spec §4.1 member-type matrix; text ours.
  memberTypeNotAllowed: (memberType: string, groupKind: string) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `A ${memberType} cannot be a member of a ${groupKind}.`,
    ),
  // spec §4.1 (D-GDM): dynamic groups compute their members; text ours.
  dynamicMembershipGroup: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'Members of a group with dynamic membership are computed from its rule and cannot be added or removed.',
    ),
  // spec §4.1 (microsoft-graph-docs-contrib#8241)
  syncedObjectReadOnly: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'Unable to update the specified properties for objects that have originated within an external service.',
    ),
  // issue #4 §5 (D9 made strict for self-membership only); text ours.
  groupCannotContainItself: () =>
    new GraphError(400, 'Request_BadRequest', 'A group cannot be a member of itself.'),
  // spec §4.3 (microsoft-graph-docs-contrib#4794)
  invalidBindUrl: (navigation: string) =>
    new GraphError(
      400,
      'BadRequest',
      `Invalid URL format specified in @odata.bind for ${navigation}`,
    ),
  // spec §4.3: at most 20 references per request; text ours.
  tooManyBindReferences: (navigation: string, limit: number) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `At most ${limit} references can be added to '${navigation}' in one request.`,
    ),
  // spec §4.6: checkMemberGroups takes at most 20 ids; text ours.
  tooManyIds: (parameter: string, limit: number) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `The '${parameter}' parameter takes at most ${limit} values.`,
    ),

  // Directory writes (issue #4). Graph's own texts.
  propertyValueExists: (property: string) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `Another object with the same value for property ${property} already exists.`,
    ),
  invalidUpnDomain: () =>
    new GraphError(
      400,
      'Request_BadRequest',
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    ),

  // /me with an application token: Graph's own text.
  meRequiresDelegated: () =>
    new GraphError(
      400,
      'BadRequest',
      '/me request is only valid with delegated authentication flow.',
    ),

  // Transport (issue #2 §6)
  payloadTooLarge: (limit: number) =>
    new GraphError(413, 'RequestEntityTooLarge', `The request body is larger than ${limit} bytes.`),
  unsupportedMediaType: (mediaType: string) =>
    new GraphError(
      415,
      'UnsupportedMediaType',
      `The media type '${mediaType}' is not supported. Send 'application/json'.`,
    ),
  badRequest: (message: string) => new GraphError(400, 'BadRequest', message),
  // A write lost a race with another write to the same objects (a constraint caught it).
  concurrentChange: () =>
    new GraphError(
      409,
      'Request_Conflict',
      'Another request changed the same objects at the same time. Retry the request.',
    ),
  internalServerError: () =>
    new GraphError(500, 'InternalServerError', 'An internal server error occurred.'),
  serviceUnavailable: (retryAfterSeconds: number) =>
    new GraphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
  // D-ERR lists 504 (with Retry-After when the server knows when to come back); Graph's code is
  // unconfirmed, the message is the docs' description of the status. Fault injection only.
  gatewayTimeout: (retryAfterSeconds?: number) =>
    new GraphError(
      504,
      'GatewayTimeout',
      'The server, while acting as a proxy, did not receive a timely response from the upstream server it needed to access in attempting to complete the request.',
      retryAfterSeconds === undefined
        ? {}
        : { headers: { 'Retry-After': String(retryAfterSeconds) } },
    ),

  // JSON batching (spec §7.3). Both texts from a recorded fixture, unconfirmed.
  batchPayloadInvalid: () => new GraphError(400, 'BadRequest', 'Invalid batch payload format.'),
  batchRequestIdNotUnique: (id: string) =>
    new GraphError(400, 'BadRequest', `Request Id ${id} has to be unique in a batch.`),
  // spec §7.3: at most 20 requests; text ours.
  batchTooManyRequests: (limit: number) =>
    new GraphError(400, 'BadRequest', `A batch may contain at most ${limit} requests.`),
  // spec §7.3 (dependsOn); text ours: a dependency must name an earlier request of the batch.
  batchDependencyUnknown: (id: string, dependsOn: string) =>
    new GraphError(
      400,
      'BadRequest',
      `Request Id ${id} depends on '${dependsOn}', which is not an earlier request of the batch.`,
    ),
  // spec §7.3: `headers` with Content-Type are required with a body; the inner request fails. Text ours.
  batchContentTypeRequired: (id: string) =>
    new GraphError(400, 'BadRequest', `Request Id ${id} has a body but no Content-Type header.`),
  // spec §7.3: the url must be relative to the version root of the batch (or this server's absolute URL).
  batchRequestUrlInvalid: (url: string) =>
    new GraphError(400, 'BadRequest', `Invalid request URL '${url}' in the batch.`),
  // spec §7.3: a $batch inside a $batch; text ours.
  batchNested: () =>
    new GraphError(400, 'BadRequest', 'A $batch request cannot contain another $batch request.'),
  // spec §7.3: a dependency failed, so this request was not run. Code and text ours.
  failedDependency: (dependsOn: string) =>
    new GraphError(
      424,
      'FailedDependency',
      `The request was not run because the request '${dependsOn}' it depends on failed.`,
    ),

  // Admin API (issue #2 §5): not a Graph surface, so its own code.
  adminKeyInvalid: () =>
    new GraphError(401, 'AdminKeyInvalid', 'A valid admin key is required for this endpoint.'),

  // Query options (spec §7.2; issue "OData queries, paging and $metadata"). ODL's wording where it has one.
  queryOptionNotAllowed: (name: string) =>
    new GraphError(
      400,
      'BadRequest',
      `Query option '${name}' is not allowed. Make sure that the name of the query option is correct.`,
    ),
  duplicateQueryOption: (name: string) =>
    new GraphError(
      400,
      'BadRequest',
      `Query option '${name}' was specified more than once, but it must be specified at most once.`,
    ),
  propertyNotFound: (property: string, type: string) =>
    new GraphError(
      400,
      'BadRequest',
      `Could not find a property named '${property}' on type '${type}'.`,
    ),
  // E11 family (spec §6.3, §7.2): the generic text does not say which key, so ours names it.
  sortNotSupported: (property: string) =>
    new GraphError(
      400,
      'Request_UnsupportedQuery',
      `Sorting by the property '${property}' is not supported.`,
    ),
  // spec §7.2 (opaque next-page token): a token that fails its signature or belongs to another query.
  invalidSkipToken: () =>
    new GraphError(400, 'BadRequest', 'The $skiptoken is invalid or has been tampered with.'),
} as const

export type ErrorFactoryName = keyof typeof errors
