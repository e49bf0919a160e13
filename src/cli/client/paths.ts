/** Resource paths of the classic API (docs/reference/classic-operations.md §1.2), every name percent-encoded. */
import { UsageError } from './api-error.js';

const encodeQuery = encodeURIComponent;

/**
 * A name as a path segment. '.' and '..' cannot be one: URL parsing removes such a segment (also
 * percent-encoded), so `jobs/..` would reach the collection itself — a job delete would delete it.
 */
function enc(name: string): string {
  if (name === '.' || name === '..')
    throw new UsageError(`'${name}' cannot be a name: a URL path cannot carry '.' or '..'`);
  return encodeURIComponent(name);
}

export interface CollectionAddress {
  readonly cloudService: string;
  readonly collection: string;
}

export const cloudServicesPath = (sub: string): string => `/${enc(sub)}/CloudServices`;
export const cloudServicePath = (sub: string, cs: string): string => `${cloudServicesPath(sub)}/${enc(cs)}`;

/** Management view (PUT/DELETE of a collection). */
export const collectionManagementPath = (sub: string, a: CollectionAddress): string =>
  `/${enc(sub)}/cloudservices/${enc(a.cloudService)}/resources/scheduler/JobCollections/${enc(a.collection)}`;

/** Pass-through view `{jcPath}` (GET of a collection, and the jobs below it). */
export const collectionPath = (sub: string, a: CollectionAddress): string =>
  `/${enc(sub)}/cloudservices/${enc(a.cloudService)}/resources/scheduler/~/JobCollections/${enc(a.collection)}`;

export const jobsPath = (sub: string, a: CollectionAddress): string => `${collectionPath(sub, a)}/jobs`;
export const jobPath = (sub: string, a: CollectionAddress, job: string): string =>
  `${jobsPath(sub, a)}/${enc(job)}`;

/** `?a=1&b=2` from the defined entries; empty when none. */
export function query(params: Readonly<Record<string, string | number | undefined>>): string {
  const parts = Object.entries(params)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeQuery(String(v))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
