/**
 * ARM resource ids, types and names (docs/api.md, ARM resource envelope). The subscription id is
 * lower case, names keep their stored casing and are not percent-encoded, and the fixed segments
 * are always spelled as here whatever casing the request used: Terraform parses ids with the
 * case-sensitive keys `resourceGroups`, `jobCollections` and `jobs`.
 */
export const PROVIDER_NAMESPACE = 'Microsoft.Scheduler';
export const COLLECTION_TYPE = 'Microsoft.Scheduler/jobCollections';
export const JOB_TYPE = 'Microsoft.Scheduler/jobCollections/jobs';
export const HISTORY_TYPE = 'Microsoft.Scheduler/jobCollections/jobs/history';
export const GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

export const subscriptionPath = (sub: string): string => `/subscriptions/${sub.toLowerCase()}`;

export const providerId = (sub: string): string => `${subscriptionPath(sub)}/providers/${PROVIDER_NAMESPACE}`;

export const groupId = (sub: string, group: string): string =>
  `${subscriptionPath(sub)}/resourceGroups/${group}`;

export const collectionId = (sub: string, group: string, collection: string): string =>
  `${groupId(sub, group)}/providers/${PROVIDER_NAMESPACE}/jobCollections/${collection}`;

export const jobResourceId = (sub: string, group: string, collection: string, job: string): string =>
  `${collectionId(sub, group, collection)}/jobs/${job}`;
