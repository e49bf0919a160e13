/**
 * Subscription-level documents: resource provider properties (#12, §7.6), name availability
 * (#19, §7.7) and the EntitleResource request (#15, §7.9).
 */
import type { PlanTable } from '../../domain/collection.js';
import { PLANS } from '../../domain/collection.js';
import { badRequest } from '../../domain/errors.js';
import { TICKS_PER_MS } from '../../domain/time.js';
import { clip } from '../../domain/clip.js';
import { formatTimeSpan } from '../duration.js';
import { el, leaf, renderXmlDocument } from './render.js';
import { parseXmlDocument } from './safe-parse.js';
import { requiredText } from './xml-values.js';

export function formatProviderPropertiesXml(regions: readonly string[], plans: PlanTable): string {
  const prop = (key: string, value: string | number) =>
    el('ResourceProviderProperty', [leaf('Key', key), leaf('Value', value)]);
  const rows = [prop('SupportedGeoRegions', regions.join(','))];
  for (const plan of PLANS) {
    rows.push(prop(`PlanDetail:${plan}:Quota:MaxJobCount`, plans[plan].maxJobCount));
    rows.push(
      prop(
        `PlanDetail:${plan}:Quota:MinRecurrence`,
        formatTimeSpan(plans[plan].minRecurrenceMs * TICKS_PER_MS),
      ),
    );
  }
  return renderXmlDocument(el('ResourceProviderProperties', rows));
}

/** `IsAvailable` is lower-case: the Node client compares with `=== 'true'`. */
export function formatNameAvailabilityXml(available: boolean): string {
  return renderXmlDocument(
    el('ResourceNameAvailabilityResponse', [leaf('IsAvailable', available ? 'true' : 'false')]),
  );
}

/**
 * `<EntitleResource>`: the namespace must be `scheduler` and the type `jobcollections`
 * (case-insensitive). `RegistrationDate` is required but never parsed: .NET writes it in a
 * culture-dependent format.
 */
export function parseEntitleResource(xml: string): void {
  const root = parseXmlDocument(xml, 'EntitleResource');
  const ns = requiredText(root, 'ResourceProviderNameSpace').trim();
  if (ns.toLowerCase() !== 'scheduler') {
    throw badRequest(`EntitleResource.ResourceProviderNameSpace: must be 'scheduler', got '${clip(ns)}'`);
  }
  const type = requiredText(root, 'Type').trim();
  if (type.toLowerCase() !== 'jobcollections') {
    throw badRequest(`EntitleResource.Type: must be 'jobcollections', got '${clip(type)}'`);
  }
  requiredText(root, 'RegistrationDate');
}
