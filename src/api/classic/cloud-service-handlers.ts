/** Cloud service operations #21–#24 (docs/reference/classic-operations.md §5.4), XML. */
import {
  createCloudService,
  deleteCloudService,
  getCloudService,
  listCloudServices,
} from '../../app/cloud-services.js';
import { validateName } from '../../domain/names.js';
import {
  formatCloudServiceXml,
  formatCloudServicesXml,
  parseCloudServiceCreate,
} from '../../wire/xml/cloud-service-xml.js';
import type { Call, Outcome } from '../handler.js';
import { checkXml, ifMatch, param } from '../call-helpers.js';

/** #21: 202, empty, ETag header. */
export async function putCloudServiceHandler(call: Call): Promise<Outcome> {
  checkXml(call.body, 'CloudService');
  const name = param(call, 'cs');
  const cs = await createCloudService(call.deps.app, param(call, 'sub'), name, () => {
    validateName(name, 'cloudServiceName');
    return parseCloudServiceCreate(call.body);
  });
  return { status: 202, etag: cs.etag, asynchronous: true };
}

/** #22: 202, empty. */
export async function deleteCloudServiceHandler(call: Call): Promise<Outcome> {
  await deleteCloudService(call.deps.app, param(call, 'sub'), param(call, 'cs'), ifMatch(call));
  return { status: 202, asynchronous: true };
}

/** #23: with ETag header. */
export async function getCloudServiceHandler(call: Call): Promise<Outcome> {
  const view = await getCloudService(call.deps.app, param(call, 'sub'), param(call, 'cs'));
  return { status: 200, xml: formatCloudServiceXml(view), etag: view.cloudService.etag };
}

/** #24: ordered by name. */
export async function listCloudServicesHandler(call: Call): Promise<Outcome> {
  return {
    status: 200,
    xml: formatCloudServicesXml(await listCloudServices(call.deps.app, param(call, 'sub'))),
  };
}
