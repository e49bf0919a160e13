/**
 * Reads the XML answers of the classic API (docs/reference/classic-operations.md §7.2, §7.4) into plain views for
 * tables and JSON output, and writes the request bodies (§7.2 create, §7.3 collection PUT).
 */
import type { Plan, Quota, QuotaFrequency } from '../../domain/collection.js';
import { quotaChildren } from '../../wire/xml/job-collection-xml.js';
import { el, leaf, renderXmlDocument, type XmlNode } from '../../wire/xml/render.js';
import { childElement, parseXmlDocument, type XmlElement } from '../../wire/xml/safe-parse.js';

export interface CollectionView {
  readonly cloudService: string;
  readonly name: string;
  readonly plan: string;
  readonly quota: Quota;
  readonly label?: string;
  readonly etag?: string;
  readonly state: string;
  readonly geoRegion?: string;
}

export interface CloudServiceView {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly geoRegion: string;
  readonly email?: string;
  /** Only from a single GET, whose ETag header carries it (the XML has none; lists have none). */
  readonly etag?: string;
  readonly collections: readonly CollectionView[];
}

const text = (e: XmlElement | undefined, name: string): string | undefined => {
  const c = e && childElement(e, name);
  return c?.text.trim();
};

const children = (e: XmlElement | undefined, name: string): XmlElement[] =>
  e ? e.children.filter((c) => c.name.toLowerCase() === name.toLowerCase()) : [];

function quotaOf(intrinsic: XmlElement | undefined): Quota {
  const q = intrinsic && childElement(intrinsic, 'Quota');
  if (!q) return {};
  const out: { -readonly [K in keyof Quota]: Quota[K] } = {};
  const jobs = text(q, 'MaxJobCount');
  if (jobs) out.maxJobCount = Number(jobs);
  const occ = text(q, 'MaxJobOccurrence');
  if (occ) out.maxJobOccurrence = Number(occ);
  const rec = childElement(q, 'MaxRecurrence');
  if (rec)
    out.maxRecurrence = {
      frequency: (text(rec, 'Frequency') ?? 'Minute') as QuotaFrequency,
      interval: Number(text(rec, 'Interval') ?? '1'),
    };
  return out;
}

function optional<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v !== undefined && v !== '' ? ({ [key]: v } as Partial<Record<K, string>>) : {};
}

function cloudServiceOf(cs: XmlElement): CloudServiceView {
  const name = text(cs, 'Name') ?? '';
  const resources = children(childElement(cs, 'Resources'), 'Resource');
  const geoRegion = text(cs, 'GeoRegion') ?? text(cs, 'GeoLocation') ?? '';
  return {
    name,
    label: text(cs, 'Label') ?? '',
    description: text(cs, 'Description') ?? '',
    geoRegion,
    ...optional('email', text(cs, 'Email')),
    collections: resources.map((r) => {
      const intrinsic = childElement(r, 'IntrinsicSettings');
      return {
        cloudService: name,
        name: text(r, 'Name') ?? '',
        plan: text(intrinsic, 'Plan') ?? text(r, 'Plan') ?? '',
        quota: quotaOf(intrinsic),
        ...optional('label', text(r, 'Label')),
        ...optional('etag', text(r, 'ETag')),
        state: text(r, 'State') ?? '',
        geoRegion,
      };
    }),
  };
}

export function readCloudService(xml: string): CloudServiceView {
  return cloudServiceOf(parseXmlDocument(xml, 'CloudService'));
}

export function readCloudServices(xml: string): CloudServiceView[] {
  return children(parseXmlDocument(xml, 'CloudServices'), 'CloudService').map(cloudServiceOf);
}

/** The pass-through view of one collection (#20). */
export function readCollection(xml: string, cloudService: string): CollectionView {
  const r = parseXmlDocument(xml, 'Resource');
  const intrinsic = childElement(r, 'IntrinsicSettings');
  return {
    cloudService,
    name: text(r, 'Name') ?? '',
    plan: text(intrinsic, 'Plan') ?? '',
    quota: quotaOf(intrinsic),
    ...optional('label', text(r, 'Label')),
    ...optional('etag', text(r, 'ETag')),
    state: text(r, 'State') ?? '',
    ...optional('geoRegion', text(childElement(r, 'CloudServiceSettings'), 'GeoRegion')),
  };
}

export interface CloudServiceCreate {
  readonly label: string;
  readonly description: string;
  readonly geoRegion: string;
  readonly email?: string;
}

export function cloudServiceBody(c: CloudServiceCreate): string {
  return renderXmlDocument(
    el('CloudService', [
      leaf('Label', c.label),
      leaf('Description', c.description),
      leaf('GeoRegion', c.geoRegion),
      c.email !== undefined ? leaf('Email', c.email) : undefined,
    ]),
  );
}

export interface CollectionWrite {
  readonly plan?: Plan;
  /** When present, replaces the whole stored quota (an empty object clears it). */
  readonly quota?: Quota;
  readonly label?: string;
}

export function collectionBody(c: CollectionWrite): string {
  const q = c.quota;
  // An empty object still writes `<Quota/>`: that clears the stored quota.
  const quotaNode: XmlNode | undefined = q ? el('Quota', quotaChildren(q)) : undefined;
  const intrinsic =
    c.plan !== undefined || quotaNode
      ? el('IntrinsicSettings', [c.plan !== undefined ? leaf('Plan', c.plan) : undefined, quotaNode])
      : undefined;
  return renderXmlDocument(
    el('Resource', [
      leaf('SchemaVersion', '1.1'),
      intrinsic,
      c.label !== undefined ? leaf('Label', c.label) : undefined,
    ]),
  );
}

/** Resource provider properties (#12): key/value pairs such as `PlanDetail:Free:Quota:MaxJobCount`. */
export function readProviderProperties(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of children(parseXmlDocument(xml, 'ResourceProviderProperties'), 'ResourceProviderProperty')) {
    const key = text(p, 'Key');
    if (key !== undefined) out[key] = text(p, 'Value') ?? '';
  }
  return out;
}
