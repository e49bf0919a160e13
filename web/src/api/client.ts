/**
 * The typed API client of the dashboard: every call the pages make, over the dashboard's same-origin
 * proxy (/dashboard/api/<path> = the classic API at /{session subscription}/<path>, docs/dashboard.md).
 */
import { ApiError, json, send, setCsrf, xml } from './http.js';
import type {
  CollectionRef,
  CollectionView,
  DefinitionDoc,
  HistoryEntry,
  JobDoc,
  JobState,
  Plan,
  Quota,
} from './types.js';
import { cloudServiceBody, collectionBody, readCloudServices, readProviderProperties } from './xml.js';

export interface Session {
  readonly subscriptionId: string;
  readonly csrf: string;
}

const enc = encodeURIComponent;

/**
 * '.' and '..' cannot travel as a name in a URL path: URL parsing removes such a segment, and the
 * request would reach another resource (`jobs/..` is the collection). `send` refuses such paths.
 */
export const unsendableName = (name: string): boolean => name === '.' || name === '..';
const API = '/dashboard/api/';
const jcPath = (c: CollectionRef) =>
  `${API}cloudservices/${enc(c.cloudService)}/resources/scheduler/~/JobCollections/${enc(c.collection)}`;
const jobPath = (c: CollectionRef, id: string) => `${jcPath(c)}/jobs/${enc(id)}`;

async function signedIn(p: Promise<Session>): Promise<Session> {
  const s = await p;
  setCsrf(s.csrf);
  return s;
}

export const session = {
  current: () => signedIn(json<Session>('GET', '/dashboard/session')),
  signIn: (token: string) => signedIn(json<Session>('POST', '/dashboard/session', { token })),
  signOut: () => json<unknown>('DELETE', '/dashboard/session'),
};

export interface HistoryQuery {
  readonly top: number;
  readonly skip?: number;
  readonly status?: 'completed' | 'failed' | 'postponed' | '';
}

export const api = {
  async cloudServices() {
    return readCloudServices(await xml('GET', `${API}cloudservices`));
  },
  async collections(): Promise<CollectionView[]> {
    return (await api.cloudServices()).flatMap((cs) => cs.collections);
  },
  /** The plans' job limits (`PlanDetail:<plan>:Quota:MaxJobCount`). */
  async planLimits(): Promise<Partial<Record<Plan, number>>> {
    const props = readProviderProperties(
      await xml('GET', `${API}resourceproviders/scheduler/Properties?resourceType=JobCollections`),
    );
    const out: Partial<Record<Plan, number>> = {};
    for (const plan of ['Free', 'Standard', 'Premium'] as const) {
      const n = Number(props[`PlanDetail:${plan}:Quota:MaxJobCount`]);
      if (n > 0) out[plan] = n;
    }
    return out;
  },
  createCloudService: (name: string, region: string) =>
    xml('PUT', `${API}cloudservices/${enc(name)}`, cloudServiceBody(name, region)),
  /** Create, or change plan and quota (the whole quota is replaced). */
  putCollection: (c: CollectionRef, plan: Plan, quota: Quota) =>
    xml(
      'PUT',
      `${API}cloudservices/${enc(c.cloudService)}/resources/scheduler/JobCollections/${enc(c.collection)}`,
      collectionBody(plan, quota),
    ),
  /** Whether a collection exists (a create must not replace one: a PUT would). */
  async collectionExists(c: CollectionRef): Promise<boolean> {
    try {
      await xml(
        'GET',
        `${API}cloudservices/${enc(c.cloudService)}/resources/scheduler/JobCollections/${enc(c.collection)}`,
      );
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return false;
      throw e;
    }
  },
  deleteCollection: (c: CollectionRef) =>
    send(
      'DELETE',
      `${API}cloudservices/${enc(c.cloudService)}/resources/scheduler/JobCollections/${enc(c.collection)}`,
    ),
  /** Suspend (disable every job) or resume (enable every job): the classic "state of all jobs". */
  setAllStates: (c: CollectionRef, state: 'enabled' | 'disabled') =>
    json<JobDoc[]>('PATCH', `${jcPath(c)}/jobs`, { state }),

  jobs: (c: CollectionRef, state?: JobState | '') =>
    json<JobDoc[]>('GET', `${jcPath(c)}/jobs${state ? `?$filter=${enc(`state eq ${state}`)}` : ''}`),
  job: (c: CollectionRef, id: string) => json<JobDoc>('GET', jobPath(c, id)),
  createJob: (c: CollectionRef, def: DefinitionDoc) => json<JobDoc>('POST', `${jcPath(c)}/jobs`, def),
  putJob: (c: CollectionRef, id: string, def: DefinitionDoc) => json<JobDoc>('PUT', jobPath(c, id), def),
  /** JSON merge patch: members not sent are kept (secrets included), `null` removes one. */
  patchJob: (c: CollectionRef, id: string, patch: Record<string, unknown>) =>
    json<JobDoc>('PATCH', jobPath(c, id), patch),
  deleteJob: (c: CollectionRef, id: string) => send('DELETE', jobPath(c, id)),
  runJob: (c: CollectionRef, id: string) => json<{ executionTag?: string }>('POST', `${jobPath(c, id)}/run`),
  history(c: CollectionRef, id: string, q: HistoryQuery) {
    const filter = q.status ? `&$filter=${enc(`status eq ${q.status}`)}` : '';
    return json<HistoryEntry[]>(
      'GET',
      `${jobPath(c, id)}/history?$top=${q.top}&$skip=${q.skip ?? 0}${filter}`,
    );
  },
  occurrences: (c: CollectionRef, id: string, top = 5) =>
    json<string[]>('GET', `${jobPath(c, id)}/occurrences?$top=${top}`),
  /**
   * The next due times of a definition being edited: as a new series saved now would have them, or,
   * given the job it edits, as that job's series goes on once the edit is saved (a PATCH).
   */
  preview: (def: DefinitionDoc, editing?: { c: CollectionRef; id: string }) =>
    json<{ occurrences: string[] }>(
      'POST',
      editing
        ? `/dashboard/preview?cs=${enc(editing.c.cloudService)}&jc=${enc(editing.c.collection)}&job=${enc(editing.id)}`
        : '/dashboard/preview',
      def,
    ),
};
