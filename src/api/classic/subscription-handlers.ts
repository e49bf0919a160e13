/** Subscription-level operations #11–#15 (docs/reference/classic-operations.md §5.2), XML. */
import { clip } from '../../domain/clip.js';
import { getOperationStatus } from '../../app/operations.js';
import { providerProperties, registerProvider, unregisterProvider } from '../../app/resource-provider.js';
import { formatOperationXml } from '../../wire/xml/operation-xml.js';
import { formatProviderPropertiesXml, parseEntitleResource } from '../../wire/xml/provider-xml.js';
import { badQuery } from '../query-params.js';
import type { Call, Outcome } from '../handler.js';
import { checkXml, param } from '../call-helpers.js';

/** #11 */
export async function getOperationHandler(call: Call): Promise<Outcome> {
  const op = await getOperationStatus(call.deps.app, param(call, 'sub'), param(call, 'opId'));
  return { status: 200, xml: formatOperationXml(op) };
}

/** #12: `resourceType` is optional; when present it must be JobCollections. */
export function getProviderPropertiesHandler(call: Call): Promise<Outcome> {
  const type = call.query.get('resourceType');
  if (type !== undefined && type.toLowerCase() !== 'jobcollections') {
    throw badQuery(`resourceType: must be 'JobCollections', got '${clip(type)}'`);
  }
  const { regions, plans } = providerProperties(call.deps.app);
  return Promise.resolve({ status: 200, xml: formatProviderPropertiesXml(regions, plans) });
}

/** #13 / #14: `service=scheduler.JobCollections&action=register|unregister`; 200, empty. */
export async function putServicesHandler(call: Call): Promise<Outcome> {
  const service = call.query.get('service');
  if (service === undefined || service.toLowerCase() !== 'scheduler.jobcollections') {
    throw badQuery(
      `service: must be 'scheduler.JobCollections', got ${service === undefined ? 'none' : `'${service}'`}`,
    );
  }
  const action = call.query.get('action')?.toLowerCase();
  if (action !== 'register' && action !== 'unregister') {
    throw badQuery(
      `action: must be 'register' or 'unregister', got ${action === undefined ? 'none' : `'${call.query.get('action')}'`}`,
    );
  }
  const sub = param(call, 'sub');
  if (action === 'register') await registerProvider(call.deps.app, sub);
  else await unregisterProvider(call.deps.app, sub);
  return { status: 200 };
}

/** #15: 202, the subscription becomes registered. */
export async function entitleResourceHandler(call: Call): Promise<Outcome> {
  checkXml(call.body, 'EntitleResource');
  parseEntitleResource(call.body);
  await registerProvider(call.deps.app, param(call, 'sub'));
  return { status: 202, asynchronous: true };
}
