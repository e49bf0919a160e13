// Helpers for the ARM surface tests: paths, the api-version, and JSON answers.
import type { LightMyRequestResponse } from 'fastify';
import { SUB, type CallOptions, type Harness } from '../api/harness.js';

export const V = '2016-03-01';
export const P = (rg = 'rg1', sub = SUB): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Scheduler`;
export const JC = (jc = 'jc', rg = 'rg1', sub = SUB): string => `${P(rg, sub)}/jobCollections/${jc}`;
export const JOB = (job: string, jc = 'jc', rg = 'rg1'): string => `${JC(jc, rg)}/jobs/${job}`;
export const GROUP = (rg: string, sub = SUB): string => `/subscriptions/${sub}/resourceGroups/${rg}`;
export const PROVIDER = (sub = SUB): string => `/subscriptions/${sub}/providers/Microsoft.Scheduler`;

/** Adds `api-version` (unless the path has one or `version` is null) and drops x-ms-version. */
export function arm(
  h: Harness,
  method: string,
  path: string,
  opts: CallOptions & { readonly version?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const version = opts.version === undefined ? V : opts.version;
  const withVersion =
    version === null || /[?&]api-version=/i.test(path)
      ? path
      : `${path}${path.includes('?') ? '&' : '?'}api-version=${version}`;
  return h.call(method, withVersion, {
    ...opts,
    headers: { 'x-ms-version': undefined, ...(opts.headers ?? {}) },
  });
}

export type Json = ReturnType<typeof JSON.parse>;

export const body = (r: LightMyRequestResponse): Json => JSON.parse(r.body);

export const errorCode = (r: LightMyRequestResponse): string =>
  (body(r) as { error: { code: string } }).error.code;

export const collectionBody = (extra: Record<string, unknown> = {}, location = 'westeurope'): Json => ({
  location,
  properties: { sku: { name: 'standard' }, ...extra },
});

export const httpJobBody = (uri = 'http://127.0.0.1:9/x', extra: Record<string, unknown> = {}): Json => ({
  properties: { action: { type: 'http', request: { uri, method: 'get' } }, ...extra },
});
