// Response bodies in OData JSON minimal metadata, as Graph sends them: `@odata.context` first,
// `@odata.count` and `@odata.nextLink` before `value` (spec §7.1–7.2).

/** The absolute root of the version a request used, e.g. `https://localhost:5080/beta`. */
export interface ResponseScope {
  readonly serviceRoot: string
}

export function contextUrl(scope: ResponseScope, fragment: string): string {
  return `${scope.serviceRoot}/$metadata#${fragment}`
}

export function entityBody<T extends object>(
  scope: ResponseScope,
  fragment: string,
  entity: T,
): Record<string, unknown> {
  return { '@odata.context': contextUrl(scope, fragment), ...entity }
}

export interface CollectionPage<T> {
  readonly items: readonly T[]
  readonly count?: number
  readonly nextLink?: string
}

export function collectionBody<T>(
  scope: ResponseScope,
  fragment: string,
  page: CollectionPage<T>,
): Record<string, unknown> {
  const body: Record<string, unknown> = { '@odata.context': contextUrl(scope, fragment) }
  if (page.count !== undefined) body['@odata.count'] = page.count
  if (page.nextLink !== undefined) body['@odata.nextLink'] = page.nextLink
  body.value = page.items
  return body
}

/**
 * collectionBody as text, around items that are JSON text already (src/store/page-json.ts): the
 * same members in the same order, written directly, since the envelope is built for every page.
 */
export function collectionText(
  scope: ResponseScope,
  fragment: string,
  page: Omit<CollectionPage<never>, 'items'> & { readonly itemsJson: string },
): string {
  let text = `{"@odata.context":${JSON.stringify(contextUrl(scope, fragment))}`
  if (page.count !== undefined) text += `,"@odata.count":${JSON.stringify(page.count)}`
  if (page.nextLink !== undefined) text += `,"@odata.nextLink":${JSON.stringify(page.nextLink)}`
  return `${text},"value":${page.itemsJson}}`
}

/** A reference collection (OData JSON §14; spec §5.4). */
export function referenceCollectionBody(
  scope: ResponseScope,
  ids: readonly string[],
  nextLink?: string,
): Record<string, unknown> {
  return collectionBody(scope, 'Collection($ref)', {
    items: ids.map((id) => ({ '@odata.id': id })),
    ...(nextLink === undefined ? {} : { nextLink }),
  })
}

/** The context fragments of the App Proxy resources (spec §7.1). */
export const APP_PROXY_CONTEXT = {
  profile: 'onPremisesPublishingProfiles/$entity',
  connectors: "onPremisesPublishingProfiles('applicationProxy')/connectors",
  connector: "onPremisesPublishingProfiles('applicationProxy')/connectors/$entity",
  connectorMemberOf: (id: string) =>
    `onPremisesPublishingProfiles('applicationProxy')/connectors('${id}')/memberOf`,
  connectorGroups: "onPremisesPublishingProfiles('applicationProxy')/connectorGroups",
  connectorGroup: "onPremisesPublishingProfiles('applicationProxy')/connectorGroups/$entity",
  connectorGroupMembers: (id: string) =>
    `onPremisesPublishingProfiles('applicationProxy')/connectorGroups('${id}')/members`,
  connectorGroupApplications: 'applications',
} as const

/** Canonical URLs of App Proxy objects, used in `@odata.id` and `Location`. */
export const APP_PROXY_URL = {
  connector: (scope: ResponseScope, id: string) =>
    `${scope.serviceRoot}/onPremisesPublishingProfiles/applicationProxy/connectors/${id}`,
  connectorGroup: (scope: ResponseScope, id: string) =>
    `${scope.serviceRoot}/onPremisesPublishingProfiles/applicationProxy/connectorGroups/${id}`,
} as const

/** `connectorGroups` → `connectorGroups(id,name)`; `…/$entity` keeps its suffix (spec §7.1). */
export function selectFragment(fragment: string, select: readonly string[] | undefined): string {
  if (select === undefined) return fragment
  const list = `(${select.join(',')})`
  const entitySuffix = '/$entity'
  return fragment.endsWith(entitySuffix)
    ? `${fragment.slice(0, -entitySuffix.length)}${list}${entitySuffix}`
    : `${fragment}${list}`
}

/** Only the selected properties (and expanded navigations), in the entity's own order. */
export function project<T extends object>(
  item: T,
  select: readonly string[] | undefined,
  expanded: readonly string[] = [],
): Partial<T> {
  if (select === undefined) return item
  const keep = new Set([...select, ...expanded])
  return Object.fromEntries(Object.entries(item).filter(([key]) => keep.has(key))) as Partial<T>
}
