/** The ARM plumbing clients call around Microsoft.Scheduler: the provider and resource groups. */
import type { CloudService } from '../../domain/collection.js';
import { GROUP_TYPE, groupId, PROVIDER_NAMESPACE, providerId } from './resource-ids.js';

export const ARM_API_VERSIONS = ['2016-03-01', '2016-01-01', '2014-08-01-preview'] as const;

export function formatProvider(
  subscriptionId: string,
  registered: boolean,
  regions: readonly string[],
): Record<string, unknown> {
  return {
    id: providerId(subscriptionId),
    namespace: PROVIDER_NAMESPACE,
    registrationState: registered ? 'Registered' : 'Unregistered',
    resourceTypes: [
      { resourceType: 'jobCollections', locations: [...regions], apiVersions: [...ARM_API_VERSIONS] },
    ],
  };
}

export function formatResourceGroup(group: CloudService): Record<string, unknown> {
  return {
    id: groupId(group.subscriptionId, group.name),
    name: group.name,
    type: GROUP_TYPE,
    location: group.geoRegion,
    properties: { provisioningState: 'Succeeded' },
  };
}
