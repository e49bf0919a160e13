/**
 * Reading an ARM request (docs/api.md, ARM surface): the api-version, the JSON body, `$top`,
 * `$skip`, `$filter`, and the `nextLink` of a list that has more items.
 */
import type { HistoryFilter } from '../../domain/history.js';
import { isJsonObject, type JsonMap } from '../../wire/json-object.js';
import { ARM_API_VERSIONS } from '../../wire/arm/plumbing-json.js';
import { parseFilter, parsePage, parseSkip, type QueryParams } from '../query-params.js';
import { ArmError, badArmQuery, invalidContent } from './arm-errors.js';
import type { ArmCall } from './arm-types.js';

const WELL_FORMED = /^\d{4}-\d{2}-\d{2}(?:-[A-Za-z0-9]+)?$/;

/**
 * The request's api-version, lower case. Microsoft.Scheduler routes accept the three versions of
 * the provider; the plumbing routes any well-formed one (clients send their own ARM versions).
 */
export function checkApiVersion(query: QueryParams, anyVersion: boolean): string {
  const raw = query.get('api-version');
  if (raw === undefined || raw.trim() === '') {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const v = raw.trim().toLowerCase();
  if (!WELL_FORMED.test(v)) {
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      // The plumbing routes take any well-formed version: listing the provider's three would mislead.
      anyVersion
        ? `The api-version '${raw.slice(0, 40)}' is invalid; it must be a date such as '2016-02-01', optionally with a suffix such as '-preview'.`
        : `The api-version '${raw.slice(0, 40)}' is invalid. The supported versions are '${ARM_API_VERSIONS.join("', '")}'.`,
    );
  }
  if (!anyVersion && !(ARM_API_VERSIONS as readonly string[]).includes(v)) {
    throw new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location and API version '${raw.slice(0, 40)}'. The supported api-versions are '${ARM_API_VERSIONS.join("', '")}'.`,
    );
  }
  return v;
}

/** A PUT/PATCH body: UTF-8 JSON whose root is an object. */
export function readArmJson(body: string): JsonMap {
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body;
  if (text.trim() === '') throw invalidContent('The request content is empty; a JSON object is required.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw invalidContent('The request content is not valid JSON.');
  }
  if (!isJsonObject(parsed)) throw invalidContent('The request content must be a JSON object.');
  const props = Object.keys(parsed).filter((k) => k.toLowerCase() === 'properties');
  const p = props.length > 0 ? parsed[props[props.length - 1] ?? ''] : undefined;
  if (p !== undefined && p !== null && !isJsonObject(p)) {
    throw invalidContent('properties: must be a JSON object.');
  }
  return parsed;
}

/** The query errors of the classic parsers, answered with the ARM code. */
function armQuery<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw badArmQuery(e instanceof Error ? e.message : String(e));
  }
}

export interface ArmPaging {
  /** Items to skip after filtering. */
  readonly skip: number;
  /** `$top` when given: caps the result, never a nextLink. */
  readonly top?: number;
}

export const PAGE_SIZE = 100;

export function readPaging(query: QueryParams): ArmPaging {
  const page = armQuery(() => parsePage(query));
  return { skip: page.skip ?? 0, ...(page.top !== undefined ? { top: page.top } : {}) };
}

/** `$skip` alone (the collection lists, where only a nextLink uses it; `$top` is not theirs). */
export function readSkip(query: QueryParams): number {
  const skip = query.get('$skip');
  return skip === undefined ? 0 : armQuery(() => parseSkip(skip));
}

export function readFilter(query: QueryParams, history: boolean): HistoryFilter {
  return armQuery(() => parseFilter(query, history));
}

/** The store page to ask for: one more than a page, to know whether a nextLink is due. */
export function storePage(p: ArmPaging): { skip: number; top: number } {
  return { skip: p.skip, top: p.top ?? PAGE_SIZE + 1 };
}

/**
 * `value` and `nextLink` of a list: a page of 100 plus a link to the rest, unless `$top` capped the
 * result. The link is absolute (Node and .NET GET it verbatim), carries the api-version (the
 * Python pager adds nothing) and the filter, and contains no `{` or `}`.
 */
export function pageOf<T>(
  call: ArmCall,
  items: readonly T[],
  paging: ArmPaging,
  listPath: string,
): { value: T[]; nextLink?: string } {
  if (paging.top !== undefined || items.length <= PAGE_SIZE)
    return { value: items.slice(0, paging.top ?? PAGE_SIZE) };
  let link = `${baseUrl(call)}${listPath}?api-version=${encodeURIComponent(call.apiVersion)}&$skip=${paging.skip + PAGE_SIZE}`;
  const filter = call.query.get('$filter');
  if (filter !== undefined) link += `&$filter=${encodeURIComponent(filter).replace(/'/g, '%27')}`;
  return { value: items.slice(0, PAGE_SIZE), nextLink: link };
}

/** A Host header that is a host name, an IPv4 or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The deployment's public base URL, else the scheme of the listener and the request's Host — when
 * it is one (`a{b}c` would put braces into the link, and a cache in front could serve such a link to
 * others): else the address the request came in on.
 */
function baseUrl(call: ArmCall): string {
  const configured = call.deps.publicBaseUrl;
  if (configured !== undefined && configured !== '') return configured.replace(/\/+$/, '');
  const host = call.req.headers.host;
  if (host !== undefined && HOST.test(host)) return `${call.req.protocol}://${host}`;
  const { localAddress = '127.0.0.1', localPort } = call.req.socket;
  const address = localAddress.includes(':') ? `[${localAddress}]` : localAddress;
  return `${call.req.protocol}://${address}${localPort !== undefined ? `:${localPort}` : ''}`;
}

/** A path segment as `encodeURIComponent` writes it (names may hold spaces). */
export const seg = (name: string): string => encodeURIComponent(name);
