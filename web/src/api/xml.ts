/** Reading the API's XML answers (cloud services, collections) and writing a collection's PUT body. */
import type { CollectionView, Plan, Quota } from './types.js';

const kids = (el: Element | undefined, name: string): Element[] =>
  el ? [...el.children].filter((c) => c.localName.toLowerCase() === name.toLowerCase()) : [];
const kid = (el: Element | undefined, name: string): Element | undefined => kids(el, name)[0];
const txt = (el: Element | undefined, name: string): string => kid(el, name)?.textContent?.trim() ?? '';

function quotaOf(intrinsic: Element | undefined): Quota {
  const q = kid(intrinsic, 'Quota');
  const jobs = txt(q, 'MaxJobCount');
  const occ = txt(q, 'MaxJobOccurrence');
  const rec = kid(q, 'MaxRecurrence');
  return {
    ...(jobs ? { maxJobCount: Number(jobs) } : {}),
    ...(occ ? { maxJobOccurrence: Number(occ) } : {}),
    ...(rec
      ? {
          maxRecurrence: {
            frequency: (txt(rec, 'Frequency') || 'Minute') as NonNullable<
              Quota['maxRecurrence']
            >['frequency'],
            interval: Number(txt(rec, 'Interval') || '1'),
          },
        }
      : {}),
  };
}

export function readCloudServices(
  doc: Document,
): { name: string; region: string; collections: CollectionView[] }[] {
  return kids(doc.documentElement, 'CloudService').map((cs) => {
    const name = txt(cs, 'Name');
    const region = txt(cs, 'GeoRegion');
    return {
      name,
      region,
      collections: kids(kid(cs, 'Resources'), 'Resource').map((r) => {
        const intrinsic = kid(r, 'IntrinsicSettings');
        return {
          cloudService: name,
          name: txt(r, 'Name'),
          plan: (txt(intrinsic, 'Plan') || txt(r, 'Plan')) as Plan,
          quota: quotaOf(intrinsic),
          state: txt(r, 'State'),
          region,
        };
      }),
    };
  });
}

export function readProviderProperties(doc: Document): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of kids(doc.documentElement, 'ResourceProviderProperty')) out[txt(p, 'Key')] = txt(p, 'Value');
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const leaf = (name: string, v: string | number) => `<${name}>${esc(String(v))}</${name}>`;
const NS =
  'xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"';

/** A collection's PUT body: the plan and the whole quota (an empty quota clears it). */
export function collectionBody(plan: Plan, quota: Quota): string {
  const r = quota.maxRecurrence;
  const q = [
    quota.maxJobCount !== undefined ? leaf('MaxJobCount', quota.maxJobCount) : '',
    quota.maxJobOccurrence !== undefined ? leaf('MaxJobOccurrence', quota.maxJobOccurrence) : '',
    r
      ? `<MaxRecurrence>${leaf('Frequency', r.frequency)}${leaf('Interval', r.interval)}</MaxRecurrence>`
      : '',
  ].join('');
  return `<Resource ${NS}>${leaf('SchemaVersion', '1.1')}<IntrinsicSettings>${leaf('Plan', plan)}<Quota>${q}</Quota></IntrinsicSettings></Resource>`;
}

export function cloudServiceBody(name: string, region: string): string {
  return `<CloudService ${NS}>${leaf('Label', name)}${leaf('Description', '')}${leaf('GeoRegion', region)}</CloudService>`;
}
