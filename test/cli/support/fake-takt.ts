// An in-memory stand-in for the classic API (docs/reference/classic-api.md §5) on a real HTTPS server, for
// the CLI's in-process tests while no `takt serve` is needed: exact success statuses, the <Error> XML format,
// x-ms-version and credential checks, secrets never echoed. The end-to-end test against a real `takt serve`
// lives in cli-e2e.test.ts.
import type { ServerResponse } from 'node:http';
import { formatCloudServicesXml, formatCloudServiceXml } from '../../../src/wire/xml/cloud-service-xml.js';
import {
  formatJobCollectionXml,
  parseJobCollectionResource,
} from '../../../src/wire/xml/job-collection-xml.js';
import { parseCloudServiceCreate } from '../../../src/wire/xml/cloud-service-xml.js';
import type { CloudService, JobCollection } from '../../../src/domain/collection.js';
import { secretPaths } from '../../../src/cli/commands/export-doc.js';
import { createCa, issueClient, issueServer, type Issued, type TestCa } from '../../support/sinks/certs.js';
import { header, HttpSink, type RecordedRequest } from '../../support/sinks/http-sink.js';

export const SUB = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
export const TOKEN = 'test-token-0123456789abcdef';

type Doc = Record<string, unknown>;

interface StoredCollection {
  jc: JobCollection;
  jobs: Map<string, Doc>;
  history: Map<string, Doc[]>;
}

export interface FakeTls {
  readonly ca: TestCa;
  readonly client: Issued;
}

export async function makeTls(): Promise<FakeTls> {
  const ca = await createCa();
  return { ca, client: await issueClient(ca, 'takt admin', 'pw') };
}

export class FakeTakt {
  readonly cloudServices = new Map<string, CloudService>();
  readonly collections = new Map<string, StoredCollection>();
  /** Return a response (status, code, message) to make a request fail; `'drop'` closes the socket. */
  failWith: (req: RecordedRequest) => { status: number; code: string; message: string } | 'drop' | undefined =
    () => undefined;
  private seq = 0;

  private constructor(readonly sink: HttpSink) {}

  static async start(tls: FakeTls): Promise<FakeTakt> {
    const server = await issueServer(tls.ca);
    const sink = await HttpSink.start({
      certPem: server.certPem,
      keyPem: server.keyPem,
      clientCaPem: tls.ca.certPem,
    });
    const fake = new FakeTakt(sink);
    sink.responder = (req, res) => fake.handle(req, res);
    return fake;
  }

  get url(): string {
    return `https://127.0.0.1:${this.sink.port}`;
  }

  get requests(): RecordedRequest[] {
    return this.sink.requests;
  }

  close(): Promise<void> {
    return this.sink.close();
  }

  collection(cs: string, jc: string): StoredCollection | undefined {
    return this.collections.get(`${cs.toLowerCase()}/${jc.toLowerCase()}`);
  }

  addHistory(cs: string, jc: string, jobId: string, entry: Doc): void {
    const c = this.collection(cs, jc);
    if (!c) throw new Error('no such collection');
    const list = c.history.get(jobId.toLowerCase()) ?? [];
    list.unshift({ jobId, ...entry });
    c.history.set(jobId.toLowerCase(), list);
  }

  private handle(req: RecordedRequest, res: ServerResponse): void {
    const send = (status: number, body?: string, type?: string): void => {
      res.statusCode = status;
      res.setHeader('x-ms-request-id', (++this.seq).toString(16).padStart(32, '0'));
      if (body !== undefined) res.setHeader('content-type', type ?? 'application/xml; charset=utf-8');
      res.end(body ?? '');
    };
    const error = (status: number, code: string, message: string): void =>
      send(
        status,
        `<Error xmlns="http://schemas.microsoft.com/windowsazure"><Code>${code}</Code><Message>${message}</Message></Error>`,
      );
    const auth = header(req, 'authorization');
    if (req.clientCertCn === undefined && auth !== `Bearer ${TOKEN}`)
      return error(403, 'AuthenticationFailed', 'The server failed to authenticate the request.');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(header(req, 'x-ms-version') ?? ''))
      return error(
        400,
        'MissingOrIncorrectVersionHeader',
        'The x-ms-version header is missing or incorrect.',
      );
    const failure = this.failWith(req);
    if (failure === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (failure) return error(failure.status, failure.code, failure.message);
    const url = new URL(req.path, 'https://x');
    const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    const q = url.searchParams;
    if (parts[0]?.toLowerCase() !== SUB)
      return error(403, 'AuthenticationFailed', 'The server failed to authenticate the request.');
    const rest = parts.slice(1).filter((p) => p !== '~');
    const lower = rest.map((p) => p.toLowerCase());
    const body = req.body.toString('utf8');
    try {
      if (lower[0] === 'resourceproviders') {
        return send(
          200,
          '<ResourceProviderProperties xmlns="http://schemas.microsoft.com/windowsazure"><ResourceProviderProperty><Key>PlanDetail:Standard:Quota:MaxJobCount</Key><Value>50</Value></ResourceProviderProperty><ResourceProviderProperty><Key>PlanDetail:Free:Quota:MaxJobCount</Key><Value>5</Value></ResourceProviderProperty><ResourceProviderProperty><Key>PlanDetail:Premium:Quota:MaxJobCount</Key><Value>1000</Value></ResourceProviderProperty></ResourceProviderProperties>',
        );
      }
      if (lower[0] !== 'cloudservices')
        return error(404, 'ResourceNotFound', 'The specified resource does not exist.');
      if (rest.length === 1 && req.method === 'GET') {
        const all = [...this.cloudServices.values()].sort((a, b) => a.name.localeCompare(b.name));
        return send(
          200,
          formatCloudServicesXml(
            all.map((cs) => ({ cloudService: cs, collections: this.collectionsOf(cs.name) })),
          ),
        );
      }
      const csName = rest[1] ?? '';
      const cs = this.cloudServices.get(csName.toLowerCase());
      if (rest.length === 2) {
        if (req.method === 'PUT') {
          if (cs) return error(409, 'ConflictError', 'A cloud service with that name exists.');
          const input = parseCloudServiceCreate(body);
          this.cloudServices.set(csName.toLowerCase(), {
            subscriptionId: SUB,
            name: csName,
            ...input,
            etag: 'e1',
            createdAt: 0,
          });
          return send(202);
        }
        if (!cs) return error(404, 'ResourceNotFound', 'The specified resource does not exist.');
        if (req.method === 'GET')
          return send(
            200,
            formatCloudServiceXml({ cloudService: cs, collections: this.collectionsOf(cs.name) }),
          );
        if (req.method === 'DELETE') {
          // Cascades, as Takt does: its collections (and their jobs) go with it.
          for (const jc of this.collectionsOf(cs.name))
            this.collections.delete(`${cs.name.toLowerCase()}/${jc.name.toLowerCase()}`);
          this.cloudServices.delete(csName.toLowerCase());
          return send(202);
        }
      }
      if (!cs) return error(404, 'ResourceNotFound', 'The specified resource does not exist.');
      const jcName = rest[5] ?? '';
      const stored = this.collection(cs.name, jcName);
      if (rest.length === 6) {
        if (req.method === 'PUT') {
          const input = parseJobCollectionResource(body);
          const prev = stored?.jc;
          const jc: JobCollection = {
            subscriptionId: SUB,
            cloudService: cs.name,
            name: prev?.name ?? jcName,
            plan: input.plan ?? prev?.plan ?? 'Standard',
            quota:
              input.quota ??
              (input.plan !== undefined && input.plan !== prev?.plan ? {} : (prev?.quota ?? {})),
            ...(input.label !== undefined
              ? { label: input.label }
              : prev?.label !== undefined
                ? { label: prev.label }
                : {}),
            schemaVersion: '1.1',
            etag: `etag-${++this.seq}`,
            lastOperation: prev ? 'Update' : 'Create',
            suspended: false,
            createdAt: 0,
            updatedAt: 0,
          };
          if (stored) stored.jc = jc;
          else
            this.collections.set(`${cs.name.toLowerCase()}/${jcName.toLowerCase()}`, {
              jc,
              jobs: new Map(),
              history: new Map(),
            });
          return send(202);
        }
        if (!stored) return error(404, 'ResourceNotFound', 'The specified resource does not exist.');
        if (req.method === 'GET') return send(200, formatJobCollectionXml(stored.jc, cs.geoRegion));
        if (req.method === 'DELETE') {
          this.collections.delete(`${cs.name.toLowerCase()}/${jcName.toLowerCase()}`);
          return send(202);
        }
      }
      if (!stored) return error(404, 'ResourceNotFound', 'The specified resource does not exist.');
      return this.jobs(stored, rest.slice(7), req.method, body, q, send, error);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'InternalError';
      return error(code === 'InternalError' ? 500 : 400, code, e instanceof Error ? e.message : 'error');
    }
  }

  private collectionsOf(cs: string): JobCollection[] {
    return [...this.collections.values()]
      .filter((c) => c.jc.cloudService.toLowerCase() === cs.toLowerCase())
      .map((c) => c.jc);
  }

  private jobs(
    c: StoredCollection,
    rest: string[],
    method: string,
    body: string,
    q: URLSearchParams,
    send: (status: number, body?: string, type?: string) => void,
    error: (status: number, code: string, message: string) => void,
  ): void {
    const json = (status: number, v: unknown): void =>
      send(status, JSON.stringify(v), 'application/json; charset=utf-8');
    const page = <T>(list: T[]): T[] => {
      const skip = Number(q.get('$skip') ?? '0');
      const top = q.get('$top');
      return list.slice(skip, top === null ? undefined : skip + Number(top));
    };
    const filterOf = (): [string, string] | undefined => {
      const f = q.get('$filter');
      if (f === null) return undefined;
      const m = /^(state|status) eq '?(\w+)'?$/i.exec(f);
      if (!m)
        throw Object.assign(new Error('bad $filter'), { code: 'MissingOrInvalidRequiredQueryParameter' });
      return [m[1]!.toLowerCase(), m[2]!.toLowerCase()];
    };
    const id = rest[0];
    if (id === undefined) {
      if (method === 'GET') {
        const f = filterOf();
        const list = [...c.jobs.values()]
          .filter((j) => !f || j['state'] === f[1])
          .sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
        return json(200, page(list.map(publicJob)));
      }
      if (method === 'POST')
        return json(
          201,
          publicJob(this.save(c, `${(++this.seq).toString(16).padStart(32, '0')}`, JSON.parse(body) as Doc)),
        );
      if (method === 'PATCH') {
        const state = (JSON.parse(body) as Doc)['state'];
        for (const j of c.jobs.values())
          if (j['state'] === 'enabled' || j['state'] === 'disabled') j['state'] = state;
        return json(200, [...c.jobs.values()].map(publicJob));
      }
    }
    const key = (id ?? '').toLowerCase();
    const job = c.jobs.get(key);
    if (rest[1]?.toLowerCase() === 'history' && method === 'GET') {
      if (!job) return error(404, 'ResourceNotFound', 'The specified resource does not exist.');
      const f = filterOf();
      const all = (c.history.get(key) ?? []).filter(
        (e) => !f || (f[0] === 'state' ? e['state'] === f[1] : (e['status'] ?? 'completed') === f[1]),
      );
      return json(200, page(all));
    }
    if (rest[1]?.toLowerCase() === 'run' && method === 'POST') {
      if (!job) return error(404, 'ResourceNotFound', 'The specified resource does not exist.');
      this.addHistory(c.jc.cloudService, c.jc.name, String(job['id']), {
        state: 'enabled',
        message: 'run now',
        retryCount: 0,
        repeatCount: 1,
        actionName: 'MainAction',
      });
      return send(202);
    }
    if (method === 'PUT') {
      const existed = job !== undefined;
      return json(
        existed ? 200 : 201,
        publicJob(
          this.save(c, typeof job?.['id'] === 'string' ? job['id'] : String(id), JSON.parse(body) as Doc),
        ),
      );
    }
    if (!job) return error(404, 'ResourceNotFound', 'The specified resource does not exist.');
    if (method === 'GET') return json(200, publicJob(job));
    if (method === 'DELETE') {
      c.jobs.delete(key);
      return send(200);
    }
    if (method === 'PATCH') {
      const patch = JSON.parse(body) as Doc;
      const merged = merge(job, patch);
      return json(200, publicJob(this.save(c, String(job['id']), merged)));
    }
    return error(400, 'InvalidHttpVerb', 'The HTTP verb is not supported here.');
  }

  private save(c: StoredCollection, id: string, doc: Doc): Doc {
    if (doc['action'] === undefined)
      throw Object.assign(new Error('action: is required'), { code: 'BadRequest' });
    const { status: _s, id: _i, ...rest } = doc;
    const stored: Doc = { id, ...rest, state: rest['state'] ?? 'enabled' };
    c.jobs.set(id.toLowerCase(), stored);
    return stored;
  }
}

function merge(into: Doc, patch: Doc): Doc {
  const out: Doc = { ...into };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (
      typeof v === 'object' &&
      !Array.isArray(v) &&
      typeof out[k] === 'object' &&
      out[k] !== null &&
      !Array.isArray(out[k])
    )
      out[k] = merge(out[k] as Doc, v as Doc);
    else out[k] = v;
  }
  return out;
}

/** The job as the API shows it: secrets removed, a status while not disabled. */
function publicJob(j: Doc): Doc {
  const copy = JSON.parse(JSON.stringify(j)) as Doc;
  for (const path of secretPaths(copy)) {
    const parts = path.split('.');
    const last = parts.pop()!;
    let cur: Doc | undefined = copy;
    for (const p of parts) cur = cur?.[p] as Doc | undefined;
    if (cur) delete cur[last];
  }
  if (copy['state'] !== 'disabled')
    copy['status'] = {
      nextExecutionTime: '2030-01-01T00:00:00Z',
      executionCount: 0,
      failureCount: 0,
      faultedCount: 0,
    };
  return copy;
}
