// Hardening item 2: a certificate or token of subscription A can read, list, change or delete nothing of
// subscription B — the classic surface, the occurrences and run-now extensions, and the dashboard's API proxy
// — and gets the same 403 whether B's resource exists or not (docs/reference/classic-operations.md §2.4: existence
// is never revealed). Runs against a real `takt serve` process.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  addTenant,
  call,
  cloudServiceXml,
  collectionXml,
  csPath,
  jcPath,
  jobPath,
  parseError,
  seedTenant,
  serve,
  takt,
  type Credential,
  type Served,
  type Tenant,
} from './support/serve.js';
import { freshDatabase, type PgDatabase } from '../../support/postgres.js';

/** A request whose path is sent exactly as given (no URL normalisation of dot segments or backslashes). */
function rawCall(
  s: Served,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(s.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, ca: s.ca, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Names {
  readonly sub: string;
  readonly cs: string;
  readonly jc: string;
  readonly job: string;
  readonly op: string;
}

const JOB_JSON = JSON.stringify({
  action: { type: 'http', request: { uri: 'http://127.0.0.1:9/x', method: 'GET' } },
  recurrence: { frequency: 'hour', interval: 1 },
});

/** Every operation of the surface (docs/reference/classic-operations.md §5), aimed at subscription `n.sub`. */
function surface(n: Names): { name: string; method: string; path: string; body?: string }[] {
  const jc = jcPath(n.sub, n.cs, n.jc);
  return [
    { name: 'list cloud services', method: 'GET', path: `/${n.sub}/CloudServices` },
    { name: 'get cloud service', method: 'GET', path: csPath(n.sub, n.cs) },
    {
      name: 'create cloud service',
      method: 'PUT',
      path: csPath(n.sub, n.cs),
      body: cloudServiceXml('stolen'),
    },
    { name: 'delete cloud service', method: 'DELETE', path: csPath(n.sub, n.cs) },
    {
      name: 'get collection (management view)',
      method: 'GET',
      path: `/${n.sub}/cloudservices/${n.cs}/resources/scheduler/JobCollections/${n.jc}`,
    },
    { name: 'get collection (pass-through view)', method: 'GET', path: jc },
    {
      name: 'create or update collection',
      method: 'PUT',
      path: `/${n.sub}/cloudservices/${n.cs}/resources/scheduler/JobCollections/${n.jc}`,
      body: collectionXml('Free'),
    },
    {
      name: 'delete collection',
      method: 'DELETE',
      path: `/${n.sub}/cloudservices/${n.cs}/resources/scheduler/JobCollections/${n.jc}`,
    },
    {
      name: 'check name availability',
      method: 'GET',
      path: `/${n.sub}/cloudservices/${n.cs}/resources/scheduler/JobCollections/?op=checknameavailability&resourceName=${n.jc}`,
    },
    { name: 'list jobs', method: 'GET', path: `${jc}/jobs` },
    { name: 'list jobs filtered', method: 'GET', path: `${jc}/jobs?$filter=state eq enabled&$top=10` },
    { name: 'set state of all jobs', method: 'PATCH', path: `${jc}/jobs`, body: '{"state":"disabled"}' },
    { name: 'create job (server id)', method: 'POST', path: `${jc}/jobs`, body: JOB_JSON },
    { name: 'get job', method: 'GET', path: jobPath(n.sub, n.cs, n.jc, n.job) },
    { name: 'replace job', method: 'PUT', path: jobPath(n.sub, n.cs, n.jc, n.job), body: JOB_JSON },
    {
      name: 'patch job',
      method: 'PATCH',
      path: jobPath(n.sub, n.cs, n.jc, n.job),
      body: '{"state":"disabled"}',
    },
    { name: 'delete job', method: 'DELETE', path: jobPath(n.sub, n.cs, n.jc, n.job) },
    { name: 'job history', method: 'GET', path: `${jobPath(n.sub, n.cs, n.jc, n.job)}/history` },
    {
      name: 'job history filtered',
      method: 'GET',
      path: `${jobPath(n.sub, n.cs, n.jc, n.job)}/history?$filter=status eq failed`,
    },
    {
      name: 'next occurrences (extension)',
      method: 'GET',
      path: `${jobPath(n.sub, n.cs, n.jc, n.job)}/occurrences?$top=3`,
    },
    { name: 'run now (extension)', method: 'POST', path: `${jobPath(n.sub, n.cs, n.jc, n.job)}/run` },
    { name: 'operation status', method: 'GET', path: `/${n.sub}/operations/${n.op}` },
    {
      name: 'resource provider properties',
      method: 'GET',
      path: `/${n.sub}/resourceproviders/scheduler/Properties?resourceType=JobCollections`,
    },
    {
      name: 'unregister resource provider',
      method: 'PUT',
      path: `/${n.sub}/services?service=scheduler.JobCollections&action=unregister`,
    },
    {
      name: 'entitle resource',
      method: 'POST',
      path: `/${n.sub}/EntitleResource`,
      body: '<EntitleResource xmlns="http://schemas.microsoft.com/windowsazure"><ResourceProviderNameSpace>scheduler</ResourceProviderNameSpace><Type>JobCollections</Type><RegistrationDate>2026-01-01T00:00:00Z</RegistrationDate></EntitleResource>',
    },
    { name: 'an unknown route', method: 'GET', path: `/${n.sub}/nothing/here` },
  ];
}

for (const backend of ['sqlite', 'postgres'] as const)
  describe(`tenant isolation against a real takt serve (${backend})`, () => {
    let s: Served;
    let database: PgDatabase | undefined;
    let a: Tenant;
    let b: Tenant;
    let bNames: Names;
    const snapshotOfB: Record<string, string> = {};

    /** What B sees of its own resources: compared before and after A's attempts. */
    async function viewOfB(): Promise<Record<string, string>> {
      const cred: Credential = { kind: 'token', tenant: b };
      const view: Record<string, string> = {};
      for (const [k, path] of [
        ['cloud services', `/${b.subscriptionId}/CloudServices`],
        ['cloud service', csPath(b.subscriptionId, bNames.cs)],
        ['collection', jcPath(b.subscriptionId, bNames.cs, bNames.jc)],
        ['jobs', `${jcPath(b.subscriptionId, bNames.cs, bNames.jc)}/jobs`],
        ['job', jobPath(b.subscriptionId, bNames.cs, bNames.jc, bNames.job)],
        ['history', `${jobPath(b.subscriptionId, bNames.cs, bNames.jc, bNames.job)}/history`],
        ['occurrences', `${jobPath(b.subscriptionId, bNames.cs, bNames.jc, bNames.job)}/occurrences?$top=5`],
        ['operation', `/${b.subscriptionId}/operations/${bNames.op}`],
        ['properties', `/${b.subscriptionId}/resourceproviders/scheduler/Properties`],
      ] as const) {
        const r = await call(s, 'GET', path, { credential: cred });
        assert.equal(r.status, 200, `${k}: ${r.body}`);
        view[k] = r.body;
      }
      return view;
    }

    before(async () => {
      if (backend === 'postgres') database = await freshDatabase('takt_isolation');
      s = await serve(database ? ['--database-url', database.url] : []);
      a = s.admin;
      b = await addTenant(s, 'tenant-b');
      await seedTenant(s, a, { cs: 'cs-a', jc: 'jc-a', job: 'job-a' });
      const op = await seedTenant(s, b, { cs: 'cs-b', jc: 'jc-b', job: 'job-b' });
      bNames = { sub: b.subscriptionId, cs: 'cs-b', jc: 'jc-b', job: 'job-b', op };
      const opOfB = await call(s, 'GET', `/${b.subscriptionId}/operations/${op}`, {
        credential: { kind: 'token', tenant: b },
      });
      assert.equal(opOfB.status, 200, `B reads its own operation: ${opOfB.body}`);
      Object.assign(snapshotOfB, await viewOfB());
    });
    after(async () => {
      await s?.stop();
      await database?.drop();
    });

    for (const kind of ['cert', 'token'] as const) {
      test(`A's ${kind} gets one and the same 403 AuthenticationFailed for every operation on B, existing or not`, async () => {
        const cred: Credential = { kind, tenant: a };
        const missing: Names = {
          ...bNames,
          cs: 'no-cs',
          jc: 'no-jc',
          job: 'no-job',
          op: 'ffffffffffffffffffffffffffffffff',
        };
        const nowhere: Names = { ...missing, sub: '00000000-1111-4222-8333-444444444444' };
        const answers = new Set<string>();
        // B's id in capitals too: subscription ids compare case-insensitively, the refusal stays the same.
        for (const target of [
          bNames,
          { ...bNames, sub: bNames.sub.toUpperCase() },
          missing,
          nowhere,
          { ...bNames, cs: 'cs-a', jc: 'jc-a', job: 'job-a' },
        ]) {
          for (const op of surface(target)) {
            const r = await call(s, op.method, op.path, {
              credential: cred,
              ...(op.body !== undefined ? { body: op.body } : {}),
            });
            assert.equal(r.status, 403, `${op.name} ${op.path}: ${r.status} ${r.body}`);
            const e = parseError(r.body);
            assert.ok(e, `${op.name}: an <Error> body, got ${r.body}`);
            assert.equal(e.code, 'AuthenticationFailed', op.name);
            for (const secretish of [b.subscriptionId === target.sub ? 'cs-b' : '\u0000', 'job-b', 'jc-b'])
              assert.ok(!r.body.includes(secretish), `${op.name} names B's resources`);
            answers.add(`${r.status} ${e.code} ${e.message} ${String(r.headers['content-type'])}`);
          }
        }
        assert.equal(answers.size, 1, `one indistinguishable answer, got:\n${[...answers].join('\n')}`);
      });
    }

    test('B is exactly as it was; A lists only its own resources', async () => {
      assert.deepEqual(await viewOfB(), snapshotOfB);
      const list = await call(s, 'GET', `/${a.subscriptionId}/CloudServices`, {
        credential: { kind: 'cert', tenant: a },
      });
      assert.equal(list.status, 200);
      assert.match(list.body, /<Name>cs-a<\/Name>/);
      assert.ok(!list.body.includes('cs-b'));
      // A may use the same names as B in its own subscription: they are different resources.
      const same = await call(s, 'PUT', csPath(a.subscriptionId, 'cs-b'), {
        credential: { kind: 'token', tenant: a },
        body: cloudServiceXml('mine'),
      });
      assert.equal(same.status, 202, same.body);
      assert.deepEqual(await viewOfB(), snapshotOfB);
    });

    test("A's dashboard session reaches only A's subscription: no path through its API proxy reads or changes B", async () => {
      const signIn = await call(s, 'POST', '/dashboard/session', {
        body: JSON.stringify({ token: a.token }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(signIn.status, 200, signIn.body);
      const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
      const { csrf } = JSON.parse(signIn.body) as { csrf: string };
      const headers = { cookie, 'x-takt-csrf': csrf, 'content-type': 'application/json' };
      // The proxy does work, for A's own resources.
      const own = await rawCall(s, 'GET', '/dashboard/api/cloudservices', headers);
      assert.equal(own.status, 200, own.body);
      assert.match(own.body, /<Name>cs-a<\/Name>/);

      const B = b.subscriptionId;
      const escapes = [
        `../${B}`,
        `%2e%2e/${B}`,
        `.%2E/${B}`,
        `..%2f${B}`,
        `..%5c${B}`,
        `..\\${B}`,
        `%2F${B}`,
        `/${B}`,
        `./../${B}`,
        `cloudservices/../../${B}`,
        B,
      ];
      const targets = [
        { method: 'GET', rest: 'cloudservices/cs-b' },
        { method: 'GET', rest: 'cloudservices/cs-b/resources/scheduler/~/JobCollections/jc-b/jobs' },
        {
          method: 'GET',
          rest: 'cloudservices/cs-b/resources/scheduler/~/JobCollections/jc-b/jobs/job-b/history',
        },
        {
          method: 'POST',
          rest: 'cloudservices/cs-b/resources/scheduler/~/JobCollections/jc-b/jobs/job-b/run',
        },
        {
          method: 'PATCH',
          rest: 'cloudservices/cs-b/resources/scheduler/~/JobCollections/jc-b/jobs/job-b',
          body: '{"state":"disabled"}',
        },
        { method: 'DELETE', rest: 'cloudservices/cs-b/resources/scheduler/~/JobCollections/jc-b/jobs/job-b' },
      ];
      let tried = 0;
      for (const escape of escapes) {
        for (const t of targets) {
          const path = `/dashboard/api/${escape}/${t.rest}`;
          const r = await rawCall(s, t.method, path, headers, t.body);
          assert.ok(r.status >= 400 && r.status < 500, `${t.method} ${path}: ${r.status} ${r.body}`);
          assert.ok(
            !r.body.includes('job-b') && !r.body.includes('jc-b'),
            `${t.method} ${path} names B's resources: ${r.body}`,
          );
          tried++;
        }
      }
      assert.equal(tried, escapes.length * targets.length);
      assert.deepEqual(await viewOfB(), snapshotOfB);
    });

    test("B's own credentials still work, and B cannot reach A either", async () => {
      for (const kind of ['cert', 'token'] as const) {
        const own = await call(s, 'GET', jobPath(b.subscriptionId, 'cs-b', 'jc-b', 'job-b'), {
          credential: { kind, tenant: b },
        });
        assert.equal(own.status, 200, own.body);
        const other = await call(s, 'GET', jobPath(a.subscriptionId, 'cs-a', 'jc-a', 'job-a'), {
          credential: { kind, tenant: b },
        });
        assert.equal(other.status, 403);
        assert.equal(parseError(other.body)?.code, 'AuthenticationFailed');
      }
    });

    test('a certificate mapped to both subscriptions reaches both; removing one mapping closes it again', async () => {
      const file = join(s.root, 'b-cert.pem');
      writeFileSync(file, b.cert);
      await takt(s, 'certs', 'add', file, '--subscription', a.subscriptionId);
      const both = await call(s, 'GET', `/${a.subscriptionId}/CloudServices`, {
        credential: { kind: 'cert', tenant: b },
      });
      assert.equal(both.status, 200, both.body);
      const der = Buffer.from(b.cert.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      const thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
      await takt(s, 'certs', 'remove', thumbprint, '--subscription', a.subscriptionId);
      const closed = await call(s, 'GET', `/${a.subscriptionId}/CloudServices`, {
        credential: { kind: 'cert', tenant: b },
      });
      assert.equal(closed.status, 403);
    });
  });
