import { DEFAULT_PLANS, type Plan } from '../../domain/collection.js';
import { DEFAULT_WIRE_LIMITS, type WireLimits } from '../../domain/limits.js';
import { section } from '../config-option.js';
import { bool, duration, integer, list, text } from '../values.js';

const { option, maybe } = section('plans');
const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** Region list of docs/reference/scheduling-rules.md §2. */
export const DEFAULT_REGIONS: readonly string[] = [
  'West US',
  'East US',
  'North Central US',
  'South Central US',
  'North Europe',
  'West Europe',
  'East Asia',
  'Southeast Asia',
  'Japan East',
  'Japan West',
  'Brazil South',
];

// The plan and limit defaults are domain rules (docs/reference/scheduling-rules.md §7) and stay declared in
// the domain; the schema refers to them.
function planSchema(plan: Plan) {
  const p = DEFAULT_PLANS[plan];
  const env = `TAKT_PLAN_${plan.toUpperCase()}`;
  return {
    maxJobCount: option({
      env: `${env}_MAX_JOBS`,
      parse: integer(1, 1_000_000),
      default: p.maxJobCount,
      doc: `jobs per ${plan} collection`,
    }),
    minRecurrenceMs: option({
      env: `${env}_MIN_RECURRENCE`,
      parse: duration(1000, YEAR),
      default: p.minRecurrenceMs,
      doc: `shortest gap between occurrences of a ${plan} job`,
    }),
    maxCollectionsPerSubscription: maybe({
      env: `${env}_MAX_COLLECTIONS`,
      parse: integer(1, 1_000_000),
      default: p.maxCollectionsPerSubscription,
      defaultDoc: p.maxCollectionsPerSubscription === undefined ? 'no cap' : undefined,
      doc: `${plan} collections per subscription`,
    }),
    outboundAuthentication: option({
      env: `${env}_OUTBOUND_AUTH`,
      parse: bool,
      default: p.outboundAuthentication,
      doc: `whether ${plan} jobs may use outbound authentication`,
    }),
  };
}

function limit(key: keyof WireLimits, env: string, what: string) {
  // Limits may only be raised (docs/reference/scheduling-rules.md §7): the default is the minimum.
  return option({
    env,
    parse: integer(DEFAULT_WIRE_LIMITS[key], 10_000_000),
    default: DEFAULT_WIRE_LIMITS[key],
    doc: `${what}; may only be raised`,
  });
}

/** Plans, quotas, size limits, regions and operation records (docs/reference/scheduling-rules.md §7). */
export const planSchemas = {
  plans: { Free: planSchema('Free'), Standard: planSchema('Standard'), Premium: planSchema('Premium') },
  limits: {
    maxDefinitionChars: limit(
      'maxDefinitionChars',
      'TAKT_LIMIT_DEFINITION_CHARS',
      'characters of a stored job definition (compact JSON)',
    ),
    maxUriChars: limit('maxUriChars', 'TAKT_LIMIT_URI_CHARS', 'characters of `request.uri`'),
    maxHeaders: limit('maxHeaders', 'TAKT_LIMIT_HEADERS', 'entries of `request.headers`'),
    maxHeaderChars: limit(
      'maxHeaderChars',
      'TAKT_LIMIT_HEADER_CHARS',
      'characters of all header names and values together',
    ),
    maxBodyChars: limit('maxBodyChars', 'TAKT_LIMIT_BODY_CHARS', 'characters of `request.body`'),
    maxMessageChars: limit(
      'maxMessageChars',
      'TAKT_LIMIT_MESSAGE_CHARS',
      'characters of a Storage queue or Service Bus `message`',
    ),
  },
  regions: option({
    env: 'TAKT_REGIONS',
    parse: list(text(), { atLeastOne: true }),
    default: DEFAULT_REGIONS,
    defaultDoc: 'the 11 regions of docs/reference/scheduling-rules.md §2',
    doc: 'regions offered and, when strict, allowed',
  }),
  strictRegions: option({
    env: 'TAKT_STRICT_REGIONS',
    parse: bool,
    default: false,
    doc: "require a cloud service's GeoRegion to be in `regions`",
  }),
  operationRetentionMs: option({
    env: 'TAKT_OPERATION_RETENTION',
    parse: duration(60_000, YEAR),
    default: 7 * DAY,
    doc: 'operation records are kept this long (pruned at start and hourly)',
  }),
  operationDelayMs: option({
    env: 'TAKT_OPERATION_DELAY',
    parse: duration(0, DAY),
    default: 0,
    doc: 'asynchronous operations report `InProgress` this long',
  }),
};
