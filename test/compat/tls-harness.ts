// A real HTTPS listener of buildApi with a management certificate mapped to the test subscription,
// and helpers to drive the callback-style npm Azure clients (CommonJS, untyped) with promises.
import { createRequire } from 'node:module';
import { createCa, issueClient, type TestCa } from '../support/sinks/certs.js';
import { SUB, type Harness } from '../api/harness.js';
import { startTlsListener } from '../api/tls-listener.js';

export const requireCjs = createRequire(import.meta.url);

/** What the clients hand back: plain objects read loosely (they are untyped CommonJS). */
export type Doc = ReturnType<typeof JSON.parse>;

export interface TlsServer {
  readonly h: Harness;
  readonly ca: TestCa;
  readonly baseUri: string;
  readonly port: number;
  readonly client: { readonly certPem: string; readonly keyPem: string };
  /** azure-common credentials for the mapped certificate. */
  credentials(): Doc;
  /** An azure-common filter that makes the `request` library trust the test CA. */
  readonly trustCa: (resource: Doc, next: Doc, callback: Doc) => Doc;
  close(): Promise<void>;
}

export async function startTlsServer(): Promise<TlsServer> {
  const ca = await createCa();
  const client = await issueClient(ca, 'compat-admin', 'x');
  const { h, port } = await startTlsListener(ca, [client]);
  const common = requireCjs('azure-common');
  return {
    h,
    ca,
    port,
    client,
    baseUri: `https://localhost:${port}/`,
    credentials: () =>
      new common.CertificateCloudCredentials({
        subscriptionId: SUB,
        cert: client.certPem,
        key: client.keyPem,
      }),
    trustCa: (resource, next, callback) => {
      resource.ca = ca.certPem;
      return next(resource, callback);
    },
    close: () => h.close(),
  };
}

/** Calls a Node-style callback API and resolves with its result (rejects with its error). */
export function cb<T = Doc>(fn: (done: (err: Doc, result: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    fn((err, result) => (err ? reject(err as Error) : resolve(result)));
  });
}

/** The error a client call fails with (assertion helper). */
export async function failure(p: Promise<unknown>): Promise<Doc> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('the call was expected to fail');
}
