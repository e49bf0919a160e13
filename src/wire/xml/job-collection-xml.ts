/** Job collections (docs/reference/classic-operations.md §7.2 Resource, §7.3 request, §7.4 pass-through view). */
import type { JobCollection, Plan, Quota, QuotaFrequency } from '../../domain/collection.js';
import { PLANS } from '../../domain/collection.js';
import { badRequest } from '../../domain/errors.js';
import { el, leaf, nil, renderXmlDocument, type XmlNode } from './render.js';
import { childElement, parseXmlDocument, type XmlElement } from './safe-parse.js';
import { checkLength, leafText, optionalText, positiveInt, xmlEnum } from './xml-values.js';

const PLAN = 'Resource.IntrinsicSettings.Plan';
const FREQUENCIES: readonly QuotaFrequency[] = ['Minute', 'Hour', 'Day', 'Week', 'Month', 'Year'];

/** What a `<Resource>` body carries (structurally the app's CollectionInput); absent = keep. */
export interface CollectionXmlInput {
  readonly plan?: Plan;
  /** Present when the body had a `Quota` element: it replaces the whole stored quota. */
  readonly quota?: Quota;
  readonly label?: string;
  readonly schemaVersion?: string;
}

/** PUT of a job collection (#16, #17). Everything optional; the `ETag` element is ignored. */
export function parseJobCollectionResource(xml: string): CollectionXmlInput {
  const root = parseXmlDocument(xml, 'Resource');
  const intrinsic = childElement(root, 'IntrinsicSettings');
  const planEl = intrinsic && childElement(intrinsic, 'Plan');
  const quotaEl = intrinsic && childElement(intrinsic, 'Quota');
  const schema = optionalText(root, 'SchemaVersion')?.trim();
  const label = optionalText(root, 'Label');
  const out: { -readonly [K in keyof CollectionXmlInput]: CollectionXmlInput[K] } = {};
  if (planEl) out.plan = xmlEnum(leafText(planEl, PLAN), PLAN, PLANS);
  if (quotaEl) out.quota = parseQuota(quotaEl);
  // Base64 on the wire; stored and returned verbatim, never decoded.
  if (label !== undefined) out.label = checkLength(label.trim(), 'Resource.Label', 0, 1024);
  if (schema) out.schemaVersion = checkLength(schema, 'Resource.SchemaVersion', 1, 32);
  return out;
}

function parseQuota(q: XmlElement): Quota {
  const at = (n: string): string => `Resource.IntrinsicSettings.Quota.${n}`;
  const out: { -readonly [K in keyof Quota]: Quota[K] } = {};
  const jobs = childElement(q, 'MaxJobCount');
  if (jobs) out.maxJobCount = positiveInt(leafText(jobs, at('MaxJobCount')), at('MaxJobCount'));
  const occ = childElement(q, 'MaxJobOccurrence');
  if (occ) out.maxJobOccurrence = positiveInt(leafText(occ, at('MaxJobOccurrence')), at('MaxJobOccurrence'));
  const rec = childElement(q, 'MaxRecurrence');
  if (rec) {
    const freq = childElement(rec, 'Frequency');
    const interval = childElement(rec, 'Interval');
    if (!freq) throw badRequest(`${at('MaxRecurrence.Frequency')}: is required`);
    if (!interval) throw badRequest(`${at('MaxRecurrence.Interval')}: is required`);
    out.maxRecurrence = {
      frequency: xmlEnum(
        leafText(freq, at('MaxRecurrence.Frequency')),
        at('MaxRecurrence.Frequency'),
        FREQUENCIES,
      ),
      interval: positiveInt(leafText(interval, at('MaxRecurrence.Interval')), at('MaxRecurrence.Interval')),
    };
  }
  return out;
}

/** The children of `Quota` for what is set (the CLI writes them too, as a request body). */
export function quotaChildren(q: Quota): (XmlNode | undefined)[] {
  return [
    q.maxJobCount !== undefined ? leaf('MaxJobCount', q.maxJobCount) : undefined,
    q.maxJobOccurrence !== undefined ? leaf('MaxJobOccurrence', q.maxJobOccurrence) : undefined,
    q.maxRecurrence
      ? el('MaxRecurrence', [
          leaf('Frequency', q.maxRecurrence.frequency),
          leaf('Interval', q.maxRecurrence.interval),
        ])
      : undefined,
  ];
}

/** `Quota` with only the children the client set; none when nothing was set. */
function quotaNode(q: Quota): XmlNode | undefined {
  const children = quotaChildren(q);
  return children.some((c) => c !== undefined) ? el('Quota', children) : undefined;
}

const intrinsic = (jc: JobCollection): XmlNode =>
  el('IntrinsicSettings', [leaf('Plan', jc.plan), quotaNode(jc.quota)]);
const labelNode = (jc: JobCollection): XmlNode | undefined =>
  jc.label !== undefined && jc.label !== '' ? leaf('Label', jc.label) : undefined;

/** One `Resource` inside a cloud service's `Resources` (§7.2). */
export function formatCollectionInCloudService(jc: JobCollection): XmlNode {
  return el('Resource', [
    leaf('ResourceProviderNamespace', 'Scheduler'),
    leaf('Type', 'jobcollections'),
    leaf('Name', jc.name),
    leaf('SchemaVersion', jc.schemaVersion),
    leaf('ETag', jc.etag),
    leaf('State', 'Started'),
    // Plan directly (what the SDK parsers read) and in IntrinsicSettings (what the service wrote).
    leaf('Plan', jc.plan),
    intrinsic(jc),
    el('OperationStatus', [leaf('Type', jc.lastOperation), leaf('Result', 'Succeeded')]),
    labelNode(jc),
  ]);
}

/** GET of a job collection, pass-through view (#20, §7.4): DataContract order. */
export function formatJobCollectionXml(jc: JobCollection, geoRegion: string): string {
  return renderXmlDocument(
    el('Resource', [
      el('CloudServiceSettings', [leaf('GeoRegion', geoRegion)]),
      leaf('ETag', jc.etag),
      intrinsic(jc),
      labelNode(jc),
      leaf('Name', jc.name),
      // The real service reported an Error block with 200/OK even on success.
      el('OperationStatus', [
        el('Error', [leaf('HttpCode', 200), leaf('Message', 'OK')]),
        leaf('Result', 'Succeeded'),
      ]),
      leaf('PromotionCode', ''),
      leaf('SchemaVersion', jc.schemaVersion),
      leaf('State', 'Started'),
      nil('SubState'),
      leaf('Type', 'jobcollections'),
    ]),
  );
}
