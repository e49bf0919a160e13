// A real `takt serve` process on a fresh data directory, plus what the hardening suites need around
// it: a second tenant made with the admin CLI, HTTPS requests with either tenant's certificate or
// token, and the XML error shape every rejection must have.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa, issueClientCert } from '../../../src/bootstrap/first-start/pki.js';
import { main } from '../../../src/cli/main.js';
import { httpsRequest, type HttpsAnswer } from '../../../support/https-request.js';
import { readConnection, startTakt, type TaktProcess } from '../../../support/serve.js';

export const V = { 'x-ms-version': '2013-03-01' } as const;

export interface Tenant {
  readonly subscriptionId: string;
  readonly token: string;
  readonly cert: string;
  readonly key: string;
}

export interface Served {
  readonly process: TaktProcess;
  /** The arguments and environment it was started with (a restart reuses them). */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly root: string;
  readonly dataDir: string;
  readonly url: string;
  readonly ca: string;
  /** The first-start (admin) subscription and its credentials. */
  readonly admin: Tenant;
  stop(): Promise<void>;
}

export async function serve(
  extraArgs: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<Served> {
  const root = mkdtempSync(join(tmpdir(), 'takt-hardening-'));
  const dataDir = join(root, 'data');
  const args = ['--data-dir', dataDir, '--port', '0', ...extraArgs];
  const process = await startTakt(args, env);
  return served(root, dataDir, process, args, env);
}

/** Starts `takt serve` again on the same data directory, arguments and environment (after `prev.process.stop()`). */
export async function restart(prev: Served): Promise<Served> {
  const process = await startTakt(prev.args, prev.env);
  return served(prev.root, prev.dataDir, process, prev.args, prev.env);
}

function served(
  root: string,
  dataDir: string,
  process: TaktProcess,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Served {
  const c = readConnection(dataDir);
  const admin: Tenant = {
    subscriptionId: c.subscriptionId,
    token: c.token,
    cert: readFileSync(c.certPath, 'utf8'),
    key: readFileSync(c.keyPath, 'utf8'),
  };
  return {
    process,
    args,
    env,
    root,
    dataDir,
    url: c.url,
    ca: readFileSync(c.caCertPath, 'utf8'),
    admin,
    stop: async () => {
      await process.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** `takt <argv>` in-process against the served data directory (the admin CLI opens the same store). */
export async function takt(s: Served, ...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  // The admin CLI opens the node's store: the data directory, and the PostgreSQL URL when it runs on one.
  const db = s.args.indexOf('--database-url');
  const env = {
    TAKT_DATA_DIR: s.dataDir,
    ...(db >= 0 && s.args[db + 1] !== undefined ? { TAKT_DATABASE_URL: s.args[db + 1] } : {}),
  };
  const code = await main(argv, env, { out: (t) => void (out += t), err: (t) => void (err += t) });
  if (code !== 0) throw new Error(`takt ${argv.join(' ')} exited ${code}: ${err}`);
  return out;
}

/** A second subscription with its own token and management certificate, made with the admin CLI. */
export async function addTenant(s: Served, name: string): Promise<Tenant> {
  const { id } = JSON.parse(await takt(s, 'subscriptions', 'create', '--json')) as { id: string };
  const { token } = JSON.parse(await takt(s, 'tokens', 'create', '--subscription', id, '--json')) as {
    token: string;
  };
  const now = Date.now();
  const pair = await issueClientCert(await createCa(now - 60_000), now - 60_000, name);
  const certFile = join(s.root, `${name}.pem`);
  writeFileSync(certFile, pair.certPem);
  await takt(s, 'certs', 'add', certFile, '--subscription', id);
  return { subscriptionId: id, token, cert: pair.certPem, key: pair.keyPem };
}

export type Answer = HttpsAnswer;

export type Credential =
  | { readonly kind: 'cert'; readonly tenant: Tenant }
  | { readonly kind: 'token'; readonly tenant: Tenant }
  | { readonly kind: 'none' };

export function call(
  s: Served,
  method: string,
  path: string,
  options: { credential?: Credential; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const cred = options.credential ?? { kind: 'none' };
  const headers: Record<string, string> = { ...V, ...(options.headers ?? {}) };
  if (cred.kind === 'token') headers['authorization'] = `Bearer ${cred.tenant.token}`;
  if (options.body !== undefined && headers['content-type'] === undefined) {
    headers['content-type'] = path.includes('/jobs') ? 'application/json' : 'application/xml';
  }
  return httpsRequest(new URL(path, s.url).href, {
    method,
    ca: s.ca,
    ...(cred.kind === 'cert' ? { cert: cred.tenant.cert, key: cred.tenant.key } : {}),
    headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
}

/**
 * The classic error body (docs/reference/classic-operations.md §8.1): an <Error> with a non-empty Code and Message.
 */
export function parseError(body: string): { code: string; message: string } | undefined {
  const m =
    /^(?:<\?xml[^>]*\?>\s*)?<Error(?:\s[^>]*)?>\s*<Code>([^<]+)<\/Code>\s*<Message>([^<]*\S[^<]*)<\/Message>\s*<\/Error>\s*$/.exec(
      body,
    );
  return m ? { code: m[1]!, message: m[2]! } : undefined;
}

export const cloudServiceXml = (label = 'label'): string =>
  `<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>${label}</Label><Description>d</Description><GeoRegion>West Europe</GeoRegion></CloudService>`;
export const collectionXml = (plan = 'Standard'): string =>
  `<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>${plan}</Plan></IntrinsicSettings></Resource>`;
export const csPath = (sub: string, cs: string): string => `/${sub}/cloudservices/${cs}`;
export const jcPath = (sub: string, cs: string, jc: string): string =>
  `/${sub}/cloudservices/${cs}/resources/scheduler/~/JobCollections/${jc}`;
export const jobPath = (sub: string, cs: string, jc: string, job: string): string =>
  `${jcPath(sub, cs, jc)}/jobs/${job}`;

/** Creates a cloud service and a Standard collection for `tenant` (each must answer 202); answers the first PUT. */
export async function seedCollection(
  s: Served,
  t: Tenant,
  names: { cs: string; jc: string } = { cs: 'cs', jc: 'jc' },
): Promise<Answer> {
  const cred: Credential = { kind: 'token', tenant: t };
  const cs = await call(s, 'PUT', csPath(t.subscriptionId, names.cs), {
    credential: cred,
    body: cloudServiceXml(),
  });
  if (cs.status !== 202) throw new Error(`seed cloud service: ${cs.status} ${cs.body}`);
  const jc = await call(s, 'PUT', jcPath(t.subscriptionId, names.cs, names.jc), {
    credential: cred,
    body: collectionXml(),
  });
  if (jc.status !== 202) throw new Error(`seed collection: ${jc.status} ${jc.body}`);
  return cs;
}

/** Creates a cloud service, a Standard collection and one job for `tenant`; answers the operation id of the first PUT. */
export async function seedTenant(
  s: Served,
  t: Tenant,
  names: { cs: string; jc: string; job: string },
  jobBody?: string,
): Promise<string> {
  const cred: Credential = { kind: 'token', tenant: t };
  const cs = await seedCollection(s, t, names);
  const body =
    jobBody ??
    JSON.stringify({
      action: { type: 'http', request: { uri: 'http://127.0.0.1:9/hook', method: 'GET' } },
      recurrence: { frequency: 'hour', interval: 1 },
      // Far enough ahead never to fire during a test, within the 18-month limit.
      startTime: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
  const job = await call(s, 'PUT', jobPath(t.subscriptionId, names.cs, names.jc, names.job), {
    credential: cred,
    body,
  });
  if (job.status !== 201) throw new Error(`seed job: ${job.status} ${job.body}`);
  return String(cs.headers['x-ms-request-id']);
}
