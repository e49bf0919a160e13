/** Cloud services (docs/reference/classic-operations.md §7.2): the create request and the GET/list views. */
import type { CloudService, JobCollection } from '../../domain/collection.js';
import { el, leaf, renderXmlDocument, type XmlNode } from './render.js';
import { parseXmlDocument } from './safe-parse.js';
import { formatCollectionInCloudService } from './job-collection-xml.js';
import { checkLength, optionalText, requiredText, xmlPath } from './xml-values.js';
import { badRequest } from '../../domain/errors.js';

/** What a `<CloudService>` create body carries (structurally the app's CloudServiceInput). */
export interface CloudServiceXmlInput {
  readonly label: string;
  readonly description: string;
  readonly geoRegion: string;
  readonly email?: string;
}

/** Label 1..100 and Description 0..1024 (both required), GeoRegion 1..100 required, Email ≤ 256 optional. */
export function parseCloudServiceCreate(xml: string): CloudServiceXmlInput {
  const root = parseXmlDocument(xml, 'CloudService');
  const at = (n: string): string => xmlPath('CloudService', n);
  const label = checkLength(requiredText(root, 'Label'), at('Label'), 1, 100);
  const description = checkLength(requiredText(root, 'Description'), at('Description'), 0, 1024);
  const geoRegion = checkLength(requiredText(root, 'GeoRegion'), at('GeoRegion'), 1, 100);
  // Every execution's x-ms-scheduler-execution-region header carries it: a blank one says nothing.
  if (geoRegion.trim() === '')
    throw badRequest(`${at('GeoRegion')}: must name a region, got only white space`);
  const emailText = optionalText(root, 'Email');
  // An empty <Email/> is the same as none: there is nothing to store or echo.
  const email =
    emailText === undefined || emailText === '' ? undefined : checkLength(emailText, at('Email'), 1, 256);
  return { label, description, geoRegion, ...(email !== undefined ? { email } : {}) };
}

export interface CloudServiceWithCollections {
  readonly cloudService: CloudService;
  readonly collections: readonly JobCollection[];
}

function cloudServiceNode(v: CloudServiceWithCollections): XmlNode {
  const cs = v.cloudService;
  return el('CloudService', [
    leaf('Name', cs.name),
    leaf('Label', cs.label),
    leaf('Description', cs.description),
    leaf('GeoRegion', cs.geoRegion),
    // The SDK parsers read GeoLocation; the real service wrote GeoRegion: both.
    leaf('GeoLocation', cs.geoRegion),
    cs.email !== undefined ? leaf('Email', cs.email) : undefined,
    el('Resources', v.collections.map(formatCollectionInCloudService)),
  ]);
}

/** GET /{sub}/CloudServices/{cs} (#23). */
export function formatCloudServiceXml(v: CloudServiceWithCollections): string {
  return renderXmlDocument(cloudServiceNode(v));
}

/** GET /{sub}/CloudServices (#24), in the order given (the store orders by name). */
export function formatCloudServicesXml(list: readonly CloudServiceWithCollections[]): string {
  return renderXmlDocument(el('CloudServices', list.map(cloudServiceNode)));
}
