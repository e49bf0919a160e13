// Hostile requests on the ARM surface (docs/api.md, ARM surface) for the fuzz suite. Like the
// classic generators, every request is invalid by construction in a way the API must catch before
// writing: job bodies carry a fatal member inside `properties` (never only an `id` or `status`,
// which ARM ignores as read-only), collection bodies a fatal sku, state, quota, tag or location, or
// they target a missing resource group without a location.
import fc from 'fast-check';
import {
  deepNesting,
  EXTRA,
  expandDeep,
  FATAL,
  FUZZ_NAME,
  hugeNumber,
  METHOD,
  setPath,
  TEXT_DAMAGE,
  unicodeJunk,
  validJob,
  wrongType,
  type FuzzRequest,
  type FuzzTarget,
} from './fuzz-requests.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const VERSIONS = fc.oneof(
  { weight: 8, arbitrary: fc.constant('?api-version=2016-03-01') },
  fc.constantFrom(
    '',
    '?api-version=',
    '?api-version=latest',
    '?api-version=2015-01-01',
    '?api-version=2016-01-01',
    '?API-VERSION=2014-08-01-PREVIEW',
    '?api-version=2016-03-01&api-version=bad',
    '?api-version=%ZZ',
    '?api-version=2016-03-01&$top=0',
    '?api-version=2016-03-01&$skip=-1',
    "?api-version=2016-03-01&$filter=name eq 'x'",
    '?api-version=2016-03-01&$filter=',
  ),
);

/** A job definition with a fatal member that ARM does not ignore, wrapped in `properties`. */
const armJobBody: fc.Arbitrary<string> = fc
  .tuple(
    FATAL.filter(([path]) => path[0] !== 'id' && path[0] !== 'status'),
    fc.array(EXTRA, { maxLength: 2 }),
    TEXT_DAMAGE,
    fc.constantFrom('properties', 'PROPERTIES', 'Properties'),
  )
  .map(([fatal, extras, damage, key]) => {
    let job = validJob();
    for (const [p, v] of extras) job = setPath(job, p, v);
    job = setPath(job, fatal[0], fatal[1]);
    return `{"id":"x","${key}":${damage(expandDeep(JSON.stringify(job)))}}`;
  });

/** Members of a collection body that are certainly invalid (or conflict with the seeded group's region). */
const COLLECTION_FATAL: fc.Arbitrary<[readonly string[], unknown]> = fc.oneof(
  fc.tuple(
    fc.constant(['properties', 'sku', 'name']),
    fc.oneof(wrongType, fc.constantFrom('Gold', 'P30Premium', '')),
  ),
  fc.tuple(fc.constant(['properties', 'state']), fc.oneof(wrongType, fc.constantFrom('Deleted', 'running'))),
  fc.tuple(
    fc.constant(['properties', 'quota', 'maxJobCount']),
    fc.oneof(hugeNumber, fc.constantFrom(0, -1, 1.5, '3')),
  ),
  fc.tuple(
    fc.constant(['properties', 'quota', 'maxRecurrence']),
    fc.constantFrom({}, { frequency: 'Hour' }, { frequency: 'Fortnight', interval: 1 }, { interval: 0 }),
  ),
  fc.tuple(fc.constant(['properties']), fc.oneof(wrongType, deepNesting)),
  fc.tuple(
    fc.constant(['tags']),
    // null and {} are valid tags (none): only shapes ARM must refuse.
    fc.oneof(
      wrongType.filter(
        (v) => v !== null && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0),
      ),
      fc.constant({ a: 1 }),
      fc.constant({ ['t'.repeat(600)]: 'v' }),
    ),
  ),
  fc.tuple(fc.constant(['location']), fc.oneof(wrongType, fc.constantFrom('East US', 'mars'))),
  fc.tuple(fc.constant(['properties', 'sku']), fc.oneof(deepNesting, unicodeJunk)),
);

const armCollectionBody: fc.Arbitrary<string> = fc
  .tuple(COLLECTION_FATAL, fc.option(unicodeJunk, { nil: undefined }), TEXT_DAMAGE)
  .map(([fatal, junk, damage]) => {
    let body: Record<string, unknown> = {
      location: 'West Europe',
      tags: { team: 'fuzz' },
      properties: { sku: { name: 'Standard' }, state: 'Enabled', quota: { maxJobCount: 5 } },
    };
    if (junk !== undefined) body = setPath(body, ['unknownMember'], junk);
    body = setPath(body, fatal[0], fatal[1]);
    return damage(expandDeep(JSON.stringify(body)));
  });

/** A body for a collection in a missing group: never a location, so nothing can be created. */
const missingGroupBody = fc.constantFrom(
  '{}',
  '{"properties":{"sku":{"name":"Standard"}}}',
  '{"location":null,"properties":{"sku":{"name":"Free"}}}',
  '{"location":"","properties":{}}',
  '[]',
  'null',
  '"text"',
  '<Resource/>',
);

/** Paths that reach ARM validation: new names under the seeded group and collection. */
function armWrites(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const sub = fc.constantFrom(t.sub, t.sub.toUpperCase());
  const p = (s: string): string => `/subscriptions/${s}/resourceGroups/${t.cs}/providers/Microsoft.Scheduler`;
  const jobs = fc
    .tuple(sub, fc.constantFrom('PUT', 'PATCH'), FUZZ_NAME, VERSIONS, armJobBody)
    .map(([s, method, n, q, body]): FuzzRequest => ({
      kind: 'arm job json',
      method,
      path: `${p(s)}/jobCollections/${t.jc}/jobs/${n}${q}`,
      headers: JSON_HEADERS,
      body,
    }));
  const collections = fc
    .tuple(sub, fc.constantFrom('PUT', 'PATCH'), FUZZ_NAME, VERSIONS, armCollectionBody)
    .map(([s, method, n, q, body]): FuzzRequest => ({
      kind: 'arm collection json',
      method,
      path: `${p(s)}/jobCollections/${n}${q}`,
      headers: JSON_HEADERS,
      body,
    }));
  const newGroups = fc
    .tuple(sub, FUZZ_NAME, FUZZ_NAME, VERSIONS, missingGroupBody)
    .map(([s, g, n, q, body]): FuzzRequest => ({
      kind: 'arm collection json',
      method: 'PUT',
      path: `/subscriptions/${s}/resourceGroups/fz-${g}/providers/Microsoft.Scheduler/jobCollections/${n}${q}`,
      headers: JSON_HEADERS,
      body,
    }));
  return fc.oneof({ weight: 3, arbitrary: jobs }, { weight: 2, arbitrary: collections }, newGroups);
}

const ARM_WORD = fc.constantFrom(
  'resourceGroups',
  'RESOURCEGROUPS',
  'providers',
  'Microsoft.Scheduler',
  'microsoft.scheduler',
  'Microsoft.Web',
  'jobCollections',
  'jobs',
  'history',
  'run',
  'enable',
  'disable',
  // Not `register`: it succeeds (idempotently) and leaves a Succeeded operation record.
  'unregister',
);

/** Random ARM-looking paths and verbs that never name the seeded resources. */
function armPaths(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const subs = fc.constantFrom(t.sub, '00000000-0000-4000-8000-000000000000', 'not-a-guid', '', '%00');
  return fc
    .tuple(
      METHOD,
      fc.constantFrom('subscriptions', 'SUBSCRIPTIONS', 'Subscriptions'),
      subs,
      fc.array(fc.oneof(ARM_WORD, FUZZ_NAME), { maxLength: 9 }),
      VERSIONS,
      fc.boolean(),
      fc.option(fc.oneof(armJobBody, unicodeJunk, missingGroupBody), { nil: undefined }),
    )
    .map(([method, word, s, parts, q, slash, body]): FuzzRequest => ({
      kind: 'arm path and verb',
      method,
      path: `/${[word, s, ...parts].join('/')}${slash ? '/' : ''}${q}`,
      headers: JSON_HEADERS,
      ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
    }));
}

export function armFuzzRequest(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc.oneof({ weight: 2, arbitrary: armWrites(t) }, armPaths(t));
}
