// Shared by the engine end-to-end tests: management calls over HTTPS with the admin token, and
// the cloud service + collection every test starts from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Agent } from 'node:https';
import { httpsRequest } from '../../support/https-request.js';
import type { Connection } from '../../support/serve.js';

export interface Api {
  readonly conn: Connection;
  call(
    method: string,
    path: string,
    body?: string,
    contentType?: string,
  ): Promise<{ status: number; body: string }>;
}

/**
 * `agent`: a keep-alive agent for tests that make thousands of calls (default: one connection per
 * call).
 */
export function api(conn: Connection, agent?: Agent): Api {
  const ca = readFileSync(conn.caCertPath, 'utf8');
  return {
    conn,
    call: (method, path, body = '', contentType = 'application/json') =>
      httpsRequest(`${conn.url}/${conn.subscriptionId}${path}`, {
        method,
        ca,
        ...(agent !== undefined ? { agent } : {}),
        headers: {
          'x-ms-version': '2013-03-01',
          authorization: `Bearer ${conn.token}`,
          'content-type': contentType,
        },
        body,
      }),
  };
}

export const JC_PATH = '/cloudservices/cs1/resources/scheduler/~/JobCollections/jc1';

/** Cloud service `cs1` (West Europe) and Standard collection `jc1`. */
export async function seedCollection(a: Api): Promise<void> {
  const cs = await a.call(
    'PUT',
    '/cloudservices/cs1',
    '<CloudService xmlns="http://schemas.microsoft.com/windowsazure"><Label>cs1</Label><Description>d</Description><GeoRegion>West Europe</GeoRegion></CloudService>',
    'application/xml',
  );
  assert.ok(cs.status === 201 || cs.status === 202, cs.body);
  const jc = await a.call(
    'PUT',
    JC_PATH,
    '<Resource xmlns="http://schemas.microsoft.com/windowsazure"><IntrinsicSettings><Plan>Standard</Plan></IntrinsicSettings></Resource>',
    'application/xml',
  );
  assert.ok(jc.status === 200 || jc.status === 201 || jc.status === 202, jc.body);
}

/** A one-time HTTP job due at once, posting to `uri`. */
export const immediateJob = (uri: string): string =>
  JSON.stringify({ action: { type: 'http', request: { uri, method: 'POST', body: 'x' } }, state: 'enabled' });
