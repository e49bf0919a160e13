/** Job collection operations #16–#20 (docs/reference/classic-operations.md §5.3), XML. */
import {
  deleteJobCollection,
  getJobCollectionView,
  isCollectionNameAvailable,
  putJobCollection,
} from '../../app/job-collections.js';
import { isValidName, validateName } from '../../domain/names.js';
import { formatJobCollectionXml, parseJobCollectionResource } from '../../wire/xml/job-collection-xml.js';
import { formatNameAvailabilityXml } from '../../wire/xml/provider-xml.js';
import { badQuery } from '../query-params.js';
import type { Call, Outcome } from '../handler.js';
import { checkXml, collectionRef, ifMatch, param } from '../call-helpers.js';

/** #16 create / #17 update: 202, empty, ETag header. */
export async function putJobCollectionHandler(call: Call): Promise<Outcome> {
  checkXml(call.body, 'Resource');
  const ref = collectionRef(call);
  const { collection } = await putJobCollection(
    call.deps.app,
    ref,
    () => {
      validateName(ref.collection, 'jobCollectionName');
      return parseJobCollectionResource(call.body);
    },
    { ifMatch: ifMatch(call) },
  );
  return { status: 202, etag: collection.etag, asynchronous: true };
}

/** #18: 202, empty. */
export async function deleteJobCollectionHandler(call: Call): Promise<Outcome> {
  await deleteJobCollection(call.deps.app, collectionRef(call), ifMatch(call));
  return { status: 202, asynchronous: true };
}

/** #20 (either view): the pass-through view, ETag header. */
export async function getJobCollectionHandler(call: Call): Promise<Outcome> {
  const { collection, geoRegion } = await getJobCollectionView(call.deps.app, collectionRef(call));
  return { status: 200, xml: formatJobCollectionXml(collection, geoRegion), etag: collection.etag };
}

/** #19 (GET or POST on the container): `op=checknameavailability&resourceName=…`. */
export async function checkNameAvailabilityHandler(call: Call): Promise<Outcome> {
  const op = call.query.get('op');
  if (op === undefined || op.toLowerCase() !== 'checknameavailability') {
    throw badQuery(`op: must be 'checknameavailability', got ${op === undefined ? 'none' : `'${op}'`}`);
  }
  const name = call.query.get('resourceName');
  if (name === undefined || name === '') throw badQuery('resourceName: is required');
  const available = await isCollectionNameAvailable(
    call.deps.app,
    param(call, 'sub'),
    param(call, 'cs'),
    name,
    isValidName,
  );
  return { status: 200, xml: formatNameAvailabilityXml(available) };
}
