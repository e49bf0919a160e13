// Generators of hostile requests for the fuzz suite (fast-check). Every generated request is
// invalid by construction in at least one way the API must catch before writing anything, so the
// store can be compared byte for byte before and after; names never collide with the seeded ones.
import fc from 'fast-check';

export interface FuzzRequest {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** How `body` becomes bytes: 'latin1' sends each char as one byte (arbitrary, often invalid UTF-8). */
  readonly bodyEncoding?: 'utf8' | 'latin1';
}

/** Where the suite's own resources live (seeded before the run; the fuzzer targets new names under them). */
export interface FuzzTarget {
  readonly sub: string;
  readonly cs: string;
  readonly jc: string;
}

const V = { 'x-ms-version': '2013-03-01' };
const WA = 'http://schemas.microsoft.com/windowsazure';

// ---- values that break things --------------------------------------------------------------------
const CONTROL = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\u000b',
  '\u001f',
  '\u007f',
  '\r\n',
  '\u2028',
  '\ud800',
  '\ufeff',
  '\u202e',
);
export const unicodeJunk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(CONTROL, { minLength: 1, maxLength: 5 }).map((a) => a.join('')),
  fc.constantFrom(
    '😀'.repeat(50),
    'ｅｎａｂｌｅｄ',
    'İ',
    'ß',
    'e\u0301',
    '𝔥𝔱𝔱𝔭',
    '%00',
    '../../etc/passwd',
    '${jndi:ldap://x}',
    "'; DROP TABLE jobs; --",
  ),
);
export const hugeNumber = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -0,
  2 ** 53,
  1e-320,
  Number('123456789012345678901234567890'),
);
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  hugeNumber,
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  unicodeJunk,
);
/**
 * A marker replaced after serialisation by `n` nested arrays or objects (too deep to build as a value
 * and clone). Up to 100,000 levels, within the 1 MiB body limit, so the parsers and every walk over
 * the parsed value meet them (a recursive walk would overflow the stack).
 */
export const deepNesting = fc.oneof(
  fc.integer({ min: 50, max: 5000 }).map((n) => `__DEEPA_${n}__`),
  fc.integer({ min: 5000, max: 100_000 }).map((n) => `__DEEPA_${n}__`),
  fc.integer({ min: 50, max: 50_000 }).map((n) => `__DEEPO_${n}__`),
);
export const expandDeep = (text: string): string =>
  text
    .replace(/"__DEEPA_(\d+)__"/g, (_m, n: string) => '['.repeat(Number(n)) + ']'.repeat(Number(n)))
    .replace(/"__DEEPO_(\d+)__"/g, (_m, n: string) => '{"a":'.repeat(Number(n)) + '1' + '}'.repeat(Number(n)))
    .replace(/"__LONG_(\d+)__"/g, (_m, n: string) => `"${'x'.repeat(Number(n))}"`)
    .replace(
      /"__BIGARR_(\d+)__"/g,
      (_m, n: string) => `[${Array.from({ length: Number(n) }, (_v, i) => 100 + i).join(',')}]`,
    )
    .replace(/"__HUGENUM__"/g, () => `1${'0'.repeat(400)}`);

/**
 * Values invalid wherever they stand in a job: nesting up to 100,000 levels, strings beyond the
 * definition size limit, long arrays of out-of-range integers, a number beyond double range.
 * Error messages must describe them briefly (never serialise them whole) and never fail.
 */
const hostileValue = fc.oneof(
  fc.integer({ min: 1000, max: 100_000 }).map((n) => `__DEEPA_${n}__`),
  fc.integer({ min: 20_000, max: 300_000 }).map((n) => `__LONG_${n}__`),
  fc.integer({ min: 1000, max: 60_000 }).map((n) => `__BIGARR_${n}__`),
  fc.constant('__HUGENUM__'),
);
/** Members where an object is never valid, so deep objects are hostile there too. */
const SCALAR_PATHS: readonly (readonly string[])[] = [
  ['id'],
  ['startTime'],
  ['state'],
  ['action', 'type'],
  ['action', 'request', 'uri'],
  ['action', 'request', 'method'],
  ['action', 'request', 'headers', 'X-A'],
  ['action', 'request', 'body'],
  ['action', 'request', 'authentication', 'type'],
  ['action', 'request', 'authentication', 'password'],
  ['action', 'retryPolicy', 'retryType'],
  ['action', 'retryPolicy', 'retryInterval'],
  ['action', 'retryPolicy', 'retryCount'],
  ['action', 'errorAction', 'type'],
  ['action', 'errorAction', 'queueMessage', 'storageAccount'],
  ['action', 'errorAction', 'queueMessage', 'queueName'],
  ['action', 'errorAction', 'queueMessage', 'sasToken'],
  ['action', 'errorAction', 'queueMessage', 'message'],
  ['recurrence', 'frequency'],
  ['recurrence', 'interval'],
  ['recurrence', 'count'],
  ['recurrence', 'endTime'],
  ['recurrence', 'timeZone'],
];
/** Members holding objects or arrays (a deep object could pass there as one with an unknown member). */
const COMPOSITE_PATHS: readonly (readonly string[])[] = [
  ['action'],
  ['action', 'request'],
  ['action', 'request', 'headers'],
  ['action', 'request', 'authentication'],
  ['action', 'retryPolicy'],
  ['action', 'errorAction'],
  ['recurrence'],
  ['recurrence', 'schedule'],
  ['recurrence', 'schedule', 'minutes'],
  ['recurrence', 'schedule', 'hours'],
  ['recurrence', 'schedule', 'weekDays'],
  ['recurrence', 'schedule', 'monthDays'],
  ['recurrence', 'schedule', 'monthlyOccurrences'],
];
export const HOSTILE_ANYWHERE: fc.Arbitrary<[readonly string[], unknown]> = fc.oneof(
  fc.tuple(
    fc.constantFrom(...SCALAR_PATHS),
    fc.oneof(
      hostileValue,
      fc.integer({ min: 1000, max: 50_000 }).map((n) => `__DEEPO_${n}__`),
    ),
  ),
  fc.tuple(fc.constantFrom(...COMPOSITE_PATHS), hostileValue),
);
const badDate = fc.constantFrom(
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  'yesterday',
  '0000-00-00',
  '2026-01-01T25:61:61Z',
  '+275760-09-13T00:00:01Z',
  '9999999999',
  '',
  'T',
  '2026-01-01T00:00:00+25:00',
);
const badDuration = fc.constantFrom(
  'PT',
  'P',
  '-PT1M',
  'PT1.5.5S',
  'P1Y2M3W4DT',
  '00:00:-1',
  '1e9',
  'forever',
  'PT99999999999999999999S',
  '10675199.02:48:05.4775808',
);

// ---- jobs (JSON) ---------------------------------------------------------------------------------
type Json = Record<string, unknown>;
export const validJob = (): Json => ({
  startTime: '2030-01-01T00:00:00Z',
  action: {
    type: 'http',
    request: { uri: 'http://127.0.0.1:9/hook', method: 'POST', headers: { 'X-A': '1' }, body: 'b' },
    retryPolicy: { retryType: 'fixed', retryInterval: 'PT30S', retryCount: 2 },
    errorAction: {
      type: 'storageQueue',
      queueMessage: { storageAccount: 'acct', queueName: 'jobs', sasToken: '?sig=x', message: 'm' },
    },
  },
  recurrence: { frequency: 'hour', interval: 1, count: 10 },
  state: 'enabled',
});

/** A member path into the valid job and a value that is certainly invalid there. */
export const FATAL: fc.Arbitrary<[readonly string[], unknown]> = fc.oneof(
  fc.tuple(
    fc.constant(['action', 'type']),
    fc.oneof(wrongType, fc.constantFrom('ftp', 'HTTPX', 'storagequeue2')),
  ),
  fc.tuple(
    fc.constant(['action', 'request', 'uri']),
    fc.oneof(
      fc.constantFrom('not a uri', 'ftp://x/', 'http://', `http://x/${'a'.repeat(3000)}`, 'http://a b/'),
      fc.integer(),
    ),
  ),
  fc.tuple(
    fc.constant(['action', 'request', 'method']),
    fc.oneof(fc.constantFrom('TRACE', 'CONNECT', 'GE T', ''), fc.integer()),
  ),
  fc.tuple(
    fc.constant(['action', 'request', 'headers']),
    fc.constantFrom({ 'a b': '1' }, { 'X-A': 'v\r\nInjected: 1' }, 'headers', [1, 2], { x: 1 }),
  ),
  fc.tuple(fc.constant(['action', 'request', 'body']), fc.constantFrom('x'.repeat(9000), 12, { a: 1 })),
  fc.tuple(
    fc.constant(['action', 'retryPolicy', 'retryInterval']),
    fc.oneof(badDuration, fc.constant('PT1S')),
  ),
  fc.tuple(
    fc.constant(['action', 'retryPolicy', 'retryCount']),
    fc.oneof(hugeNumber, fc.constantFrom(-1, 21, 2.5, '3')),
  ),
  fc.tuple(
    fc.constant(['action', 'errorAction', 'queueMessage']),
    fc.constantFrom(null, {}, { storageAccount: 'a' }, 'q', []),
  ),
  fc.tuple(
    fc.constant(['recurrence', 'frequency']),
    fc.oneof(wrongType, fc.constantFrom('fortnight', 'Hourly')),
  ),
  fc.tuple(
    fc.constant(['recurrence', 'interval']),
    fc.oneof(hugeNumber, fc.constantFrom(0, -1, 1.5, '1', 1000)),
  ),
  fc.tuple(fc.constant(['recurrence', 'count']), fc.oneof(hugeNumber, fc.constantFrom(0, -5, 'ten'))),
  fc.tuple(fc.constant(['recurrence', 'endTime']), badDate),
  fc.tuple(
    fc.constant(['recurrence', 'schedule']),
    fc.constantFrom(
      { hours: [25] },
      { minutes: [-1] },
      { weekDays: ['funday'] },
      { monthDays: [0] },
      { monthlyOccurrences: [{ day: 'monday', occurrence: 6 }] },
    ),
  ),
  fc.tuple(fc.constant(['startTime']), fc.oneof(badDate, fc.integer())),
  fc.tuple(fc.constant(['state']), fc.oneof(wrongType, fc.constantFrom('faulted', 'running'))),
  fc.tuple(fc.constant(['action']), fc.oneof(deepNesting, wrongType)),
  { weight: 6, arbitrary: HOSTILE_ANYWHERE },
);
/** Extra damage that may or may not be fatal on its own. */
export const EXTRA: fc.Arbitrary<[readonly string[], unknown]> = fc.tuple(
  fc.constantFrom(
    ['action', 'request', 'body'],
    ['action', 'request', 'headers', 'X-B'],
    ['recurrence', 'timeZone'],
    ['unknownMember'],
    ['action', 'errorAction', 'queueMessage', 'message'],
    ['status'],
  ),
  fc.oneof(unicodeJunk, wrongType, deepNesting),
);

export function setPath(obj: Json, path: readonly string[], value: unknown): Json {
  const copy = structuredClone(obj);
  let at: Json = copy;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) at[key] = {};
    at = at[key] as Json;
  }
  at[path[path.length - 1]!] = value;
  return copy;
}

/** Text-level damage applied after serialising: duplicate keys, truncation, BOMs, bad escapes. */
export const TEXT_DAMAGE = fc.oneof(
  fc.constant((t: string) => t),
  fc.constant((t: string) => t.replace('"action":', '"action":1,"action":')), // duplicate key (the fatal value stays)
  fc.constant((t: string) => `\ufeff${t}`),
  fc.nat().map((n) => (t: string) => t.slice(0, Math.max(1, n % t.length))), // truncated
  fc.constant((t: string) => t.replace('"', '"\\uZZZZ')),
  fc.constant((t: string) => `${t}${t}`),
  fc.constant((t: string) => t.replace(/:/g, ': NaN ,')),
  // Prototype keys: JSON.parse makes them own members; nothing may treat them as the prototype.
  fc.constant((t: string) =>
    t.replace(
      '{',
      '{"__proto__":{"state":"disabled","action":{"type":"http"}},"constructor":{"prototype":{"polluted":1}},',
    ),
  ),
  fc.constant((t: string) => t.replace('"action":', '"action":{"__proto__":null},"action":')),
);

export const jobBody: fc.Arbitrary<string> = fc
  .tuple(FATAL, fc.array(EXTRA, { maxLength: 2 }), TEXT_DAMAGE)
  .map(([fatal, extras, damage]) => {
    let job = validJob();
    for (const [p, v] of extras) job = setPath(job, p, v);
    job = setPath(job, fatal[0], fatal[1]);
    return damage(expandDeep(JSON.stringify(job)));
  });

// ---- XML (cloud services, collections, entitlement) -----------------------------------------------
const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><CloudService xmlns="${WA}"><Label>&lol3;</Label><GeoRegion>West Europe</GeoRegion></CloudService>`;
const XXE = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Resource xmlns="${WA}"><IntrinsicSettings><Plan>&x;</Plan></IntrinsicSettings></Resource>`;
const xmlFatal = fc.oneof(
  fc.constant(BILLION_LAUGHS),
  fc.constant(XXE),
  fc.constant(
    `<!DOCTYPE CloudService><CloudService xmlns="${WA}"><Label>l</Label><GeoRegion>West Europe</GeoRegion></CloudService>`,
  ),
  fc.constant(
    `<CloudService xmlns="${WA}"><Label>&undefined;</Label><GeoRegion>West Europe</GeoRegion></CloudService>`,
  ),
  fc.constant(`<CloudService xmlns="${WA}"><Label>l</Label><GeoRegion>West Europe</GeoRegion>`), // unclosed
  fc.constant(
    `<Resource xmlns="${WA}"><IntrinsicSettings><Plan>Platinum</Plan></IntrinsicSettings></Resource>`,
  ),
  fc.constant(
    `<Resource xmlns="${WA}"><IntrinsicSettings><Plan>Standard</Plan><Quota><MaxJobCount>-1</MaxJobCount></Quota></IntrinsicSettings></Resource>`,
  ),
  fc.constant(
    `<Resource xmlns="${WA}"><IntrinsicSettings><Plan>Standard</Plan><Quota><MaxRecurrence><Frequency>Hour</Frequency><Interval>1e400</Interval></MaxRecurrence></Quota></IntrinsicSettings></Resource>`,
  ),
  fc
    .integer({ min: 100, max: 5000 })
    .map((n) => `<CloudService xmlns="${WA}">${'<a>'.repeat(n)}${'</a>'.repeat(n)}</CloudService>`),
  fc.constant(`<CloudService xmlns="${WA}"><Label>l</Label><Label>m</Label></CloudService>`), // no region, duplicate element
  fc.constant(`<?xml version="1.0" encoding="UTF-16"?><CloudService/>`),
  fc.constant(
    `<CloudServices xmlns="${WA}"><Label><![CDATA[x]]></Label><GeoRegion>West Europe</GeoRegion></CloudServices>`,
  ),
  fc.constant(
    `<?xml-stylesheet href="x"?><Resource><IntrinsicSettings><Plan>Gold</Plan></IntrinsicSettings></Resource>`,
  ),
  fc.constant(`<x:CloudService xmlns:x="urn:wrong"><x:Label>l</x:Label></x:CloudService>`),
  fc
    .string({ unit: 'binary', maxLength: 200 })
    .map((s) => `<CloudService xmlns="${WA}"><Label>${s}</Label></CloudService>`),
  fc.constant(''),
  fc.constant('{"json":"where xml belongs"}'),
  // Hostile element contents: nesting far beyond the parser's limit, and values of half a megabyte.
  fc
    .tuple(fc.constantFrom('Plan', 'MaxJobCount', 'Frequency'), fc.integer({ min: 200, max: 100_000 }))
    .map(
      ([el, n]) =>
        `<Resource xmlns="${WA}"><IntrinsicSettings><Plan>Standard</Plan><Quota><MaxRecurrence><${el}>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</${el}></MaxRecurrence></Quota></IntrinsicSettings></Resource>`,
    ),
  fc
    .tuple(fc.constantFrom('Plan', 'MaxJobCount'), fc.integer({ min: 100, max: 500_000 }))
    .map(([el, n]) =>
      el === 'Plan'
        ? `<Resource xmlns="${WA}"><IntrinsicSettings><Plan>${'P'.repeat(n)}</Plan></IntrinsicSettings></Resource>`
        : `<Resource xmlns="${WA}"><IntrinsicSettings><Plan>Standard</Plan><Quota><MaxJobCount>${'9'.repeat(n)}</MaxJobCount></Quota></IntrinsicSettings></Resource>`,
    ),
  fc
    .integer({ min: 101, max: 500_000 })
    .map(
      (n) =>
        `<CloudService xmlns="${WA}"><Label>${'l'.repeat(n)}</Label><Description>d</Description><GeoRegion>West Europe</GeoRegion></CloudService>`,
    ),
  fc
    .integer({ min: 100, max: 300_000 })
    .map(
      (n) =>
        `<EntitleResource xmlns="${WA}"><ResourceProviderNameSpace>${'s'.repeat(n)}</ResourceProviderNameSpace><Type>JobCollections</Type><RegistrationDate>x</RegistrationDate></EntitleResource>`,
    ),
);
export const xmlBody: fc.Arbitrary<string> = fc
  .tuple(
    xmlFatal,
    fc.oneof(
      fc.constant((t: string) => t),
      fc.nat().map((n) => (t: string) => t.slice(0, Math.max(1, n % Math.max(1, t.length)))),
      fc.constant((t: string) => `\ufeff${t}`),
    ),
  )
  .map(([x, damage]) => damage(x));

// ---- paths, verbs, headers -----------------------------------------------------------------------
export const FUZZ_NAME = fc.oneof(
  fc.constantFrom(
    'fz-cs',
    'fz-jc',
    'fz-job',
    'x',
    'a'.repeat(200),
    '..',
    '.',
    '~',
    '%2e%2e',
    '%00',
    '%ZZ',
    '%',
    '+',
    'a%2Fb',
    '%C0%AF',
    'CON',
    'jobs',
    'history',
    ' ',
    '%20',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((s) => encodeURIComponent(s)),
  fc.stringMatching(/^[a-zA-Z0-9_-]{1,70}$/).map((s) => `fz${s}`),
);
const WORD = fc.constantFrom(
  'cloudservices',
  'CloudServices',
  'resources',
  'scheduler',
  '~',
  'JobCollections',
  'jobcollections',
  'jobs',
  'history',
  'operations',
  'resourceproviders',
  'Properties',
  'services',
  'EntitleResource',
  'subscriptions',
  'metrics',
  'healthz',
  '',
);
const QUERY = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '?api-version=2014-04-01',
    '?$top=0',
    '?$top=101',
    '?$top=1e3',
    '?$skip=-1',
    '?$filter=state eq running',
    "?$filter=status eq 'x' or 1 eq 1",
    '?$filter=',
    '?op=checknameavailability',
    '?op=checknameavailability&resourceName=%00',
    '?resourceType=Jobs',
    '?service=scheduler.JobCollections&action=explode',
    '?a=%ZZ&&&==',
    `?${'x='.repeat(500)}`,
  ),
);
export const METHOD = fc.constantFrom(
  'GET',
  'PUT',
  'POST',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PROPFIND',
  'MERGE',
  'LOCK',
);

/** Random paths and verbs around (but never naming) the seeded resources. */
function randomPath(t: FuzzTarget): fc.Arbitrary<string> {
  const subs = fc.constantFrom(
    t.sub,
    t.sub.toUpperCase(),
    '00000000-0000-4000-8000-000000000000',
    'not-a-guid',
    '',
    '%00',
  );
  const segs = fc.array(fc.oneof(WORD, FUZZ_NAME), { maxLength: 9 });
  return fc
    .tuple(subs, segs, QUERY, fc.boolean())
    .map(([s, parts, q, slash]) => `/${[s, ...parts].join('/')}${slash ? '/' : ''}${q}`);
}

/** Valid-looking paths that reach validation: new names under the seeded cloud service and collection. */
function jobPaths(t: FuzzTarget): fc.Arbitrary<[string, string]> {
  const jc = `/${t.sub}/cloudservices/${t.cs}/resources/scheduler/~/JobCollections/${t.jc}`;
  return fc.oneof(
    FUZZ_NAME.map((n): [string, string] => ['PUT', `${jc}/jobs/${n}`]),
    FUZZ_NAME.map((n): [string, string] => ['PATCH', `${jc}/jobs/${n}`]),
    fc.constant<[string, string]>(['POST', `${jc}/jobs`]),
  );
}
function xmlPaths(t: FuzzTarget): fc.Arbitrary<[string, string]> {
  return fc.oneof(
    FUZZ_NAME.map((n): [string, string] => ['PUT', `/${t.sub}/cloudservices/${n}`]),
    FUZZ_NAME.map((n): [string, string] => [
      'PUT',
      `/${t.sub}/cloudservices/${t.cs}/resources/scheduler/JobCollections/${n}`,
    ]),
    fc.constant<[string, string]>(['POST', `/${t.sub}/EntitleResource`]),
  );
}

const HEADERS: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ ...V }) },
  fc.constantFrom<Record<string, string>>(
    {},
    { 'x-ms-version': '' },
    { 'x-ms-version': '2013-3-1' },
    { 'x-ms-version': '9999-99-99' },
    { 'x-ms-version': 'latest' },
    { ...V, 'content-type': 'application/x-www-form-urlencoded' },
    { ...V, 'content-type': 'multipart/form-data; boundary=x' },
    { ...V, 'content-type': 'text/plain; charset=utf-16' },
    { ...V, 'content-type': ';;;' },
    { ...V, authorization: 'Bearer' },
    { ...V, authorization: `Bearer ${'A'.repeat(5000)}` },
    { ...V, authorization: 'Basic dXNlcjpwYXNz' },
    { ...V, 'if-match': '"' },
    { ...V, 'if-match': '*' },
    { ...V, 'x-ms-client-request-id': 'x'.repeat(3000) },
    { ...V, 'content-encoding': 'gzip' },
    { ...V, expect: '100-continue' },
  ),
);

/**
 * A body turned into arbitrary bytes: characters of a hostile body with stray bytes 0x80–0xFF
 * (invalid UTF-8 sequences, lone continuation bytes, overlong forms) spliced in, sent one byte per char.
 */
const byteBody: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(jobBody, xmlBody),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc
          .uint8Array({ minLength: 1, maxLength: 4 })
          .map((b) => [...b].map((x) => String.fromCharCode(0x80 | x)).join('')),
      ),
      { minLength: 1, maxLength: 5 },
    ),
  )
  .map(([body, inserts]) => {
    // Encode the text as UTF-8 first, so the bytes sent are that encoding plus the stray bytes.
    let latin = Buffer.from(body, 'utf8').toString('latin1');
    for (const [at, junk] of inserts) {
      const i = at % (latin.length + 1);
      latin = latin.slice(0, i) + junk + latin.slice(i);
    }
    return latin;
  });

/** The whole hostile mix. */
export function fuzzRequest(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(jobPaths(t), jobBody, HEADERS)
        .map(([[method, path], body, headers]): FuzzRequest => ({
          kind: 'job json',
          method,
          path,
          headers,
          body,
        })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(xmlPaths(t), xmlBody, HEADERS)
        .map(([[method, path], body, headers]): FuzzRequest => ({
          kind: 'xml',
          method,
          path,
          headers,
          body,
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(jobPaths(t), xmlPaths(t)), byteBody, HEADERS)
        .map(([[method, path], body, headers]): FuzzRequest => ({
          kind: 'bytes',
          method,
          path,
          headers,
          body,
          bodyEncoding: 'latin1',
        })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          METHOD,
          randomPath(t),
          HEADERS,
          fc.option(fc.oneof(jobBody, xmlBody, unicodeJunk), { nil: undefined }),
        )
        .map(([method, path, headers, body]): FuzzRequest => ({
          kind: 'path and verb',
          method,
          path,
          headers,
          ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
        })),
    },
  );
}
