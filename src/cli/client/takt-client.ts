/**
 * The classic API as the CLI uses it: one method per wire operation, with the exact success statuses
 * of docs/reference/classic-operations.md §5. Jobs and history stay in their wire JSON form (the CLI prints them as-is
 * with --json), cloud services and collections are read from XML into views.
 */
import { ApiError } from './api-error.js';
import { HttpTransport } from './http.js';
import {
  cloudServicePath,
  cloudServicesPath,
  collectionManagementPath,
  collectionPath,
  jobPath,
  jobsPath,
  query,
  type CollectionAddress,
} from './paths.js';
import type { Profile } from './profile.js';
import {
  cloudServiceBody,
  collectionBody,
  readCloudService,
  readCloudServices,
  readCollection,
  readProviderProperties,
  type CloudServiceCreate,
  type CloudServiceView,
  type CollectionView,
  type CollectionWrite,
} from './xml-views.js';

/** A job or history entry as the API returns it (docs/reference/classic-operations.md §6.2, §6.9). */
export type WireDoc = Record<string, unknown>;

export interface Page {
  readonly top?: number;
  readonly skip?: number;
}

const XML = 'application/xml; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export class TaktClient {
  readonly subscriptionId: string;
  private readonly http: HttpTransport;

  constructor(profile: Profile, timeoutMs?: number) {
    this.subscriptionId = profile.subscriptionId;
    this.http = new HttpTransport(profile, timeoutMs);
  }

  close(): void {
    this.http.close();
  }

  /** Resource provider properties (#12): plan limits and regions. */
  async providerProperties(): Promise<Record<string, string>> {
    const path = `/${encodeURIComponent(this.subscriptionId)}/resourceproviders/scheduler/Properties?resourceType=JobCollections`;
    const r = await this.http.send({ method: 'GET', path, expect: [200] });
    return readProviderProperties(r.body);
  }

  // Cloud services (#21-#24)

  async listCloudServices(): Promise<CloudServiceView[]> {
    const r = await this.http.send({
      method: 'GET',
      path: cloudServicesPath(this.subscriptionId),
      expect: [200],
    });
    return readCloudServices(r.body);
  }

  async getCloudService(name: string): Promise<CloudServiceView> {
    const r = await this.http.send({
      method: 'GET',
      path: cloudServicePath(this.subscriptionId, name),
      expect: [200],
    });
    const etag = r.headers['etag'];
    return { ...readCloudService(r.body), ...(typeof etag === 'string' && etag !== '' ? { etag } : {}) };
  }

  async createCloudService(name: string, c: CloudServiceCreate): Promise<void> {
    const body = cloudServiceBody(c);
    await this.http.send({
      method: 'PUT',
      path: cloudServicePath(this.subscriptionId, name),
      body,
      contentType: XML,
      expect: [202],
    });
  }

  async deleteCloudService(name: string, ifMatch?: string): Promise<void> {
    await this.http.send({
      method: 'DELETE',
      path: cloudServicePath(this.subscriptionId, name),
      ...(ifMatch !== undefined ? { headers: { 'if-match': ifMatch } } : {}),
      expect: [202],
    });
  }

  // Job collections (#16-#20)

  async getCollection(a: CollectionAddress): Promise<CollectionView> {
    const r = await this.http.send({
      method: 'GET',
      path: collectionPath(this.subscriptionId, a),
      expect: [200],
    });
    return readCollection(r.body, a.cloudService);
  }

  /** The collection, or undefined when the API answers 404 (no such collection or cloud service). */
  async findCollection(a: CollectionAddress): Promise<CollectionView | undefined> {
    try {
      return await this.getCollection(a);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Create or update (same PUT); `ifMatch` makes an update conditional on the ETag. */
  async putCollection(a: CollectionAddress, c: CollectionWrite, ifMatch?: string): Promise<void> {
    await this.http.send({
      method: 'PUT',
      path: collectionManagementPath(this.subscriptionId, a),
      body: collectionBody(c),
      contentType: XML,
      ...(ifMatch !== undefined ? { headers: { 'if-match': ifMatch } } : {}),
      expect: [202],
    });
  }

  async deleteCollection(a: CollectionAddress, ifMatch?: string): Promise<void> {
    await this.http.send({
      method: 'DELETE',
      path: collectionManagementPath(this.subscriptionId, a),
      ...(ifMatch !== undefined ? { headers: { 'if-match': ifMatch } } : {}),
      expect: [202],
    });
  }

  // Jobs (#1-#10)

  async listJobs(a: CollectionAddress, state?: string, page: Page = {}): Promise<WireDoc[]> {
    const q = query({
      $filter: state !== undefined ? `state eq ${state}` : undefined,
      $skip: page.skip,
      $top: page.top,
    });
    const r = await this.http.send({
      method: 'GET',
      path: jobsPath(this.subscriptionId, a) + q,
      expect: [200],
    });
    return jsonArray(r.body);
  }

  async getJob(a: CollectionAddress, id: string): Promise<WireDoc> {
    const r = await this.http.send({
      method: 'GET',
      path: jobPath(this.subscriptionId, a, id),
      expect: [200],
    });
    return jsonObject(r.body);
  }

  /** The job, or undefined when the API answers 404. */
  async findJob(a: CollectionAddress, id: string): Promise<WireDoc | undefined> {
    try {
      return await this.getJob(a, id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** POST (#1): the server assigns the id. */
  async createJob(a: CollectionAddress, doc: WireDoc): Promise<WireDoc> {
    const r = await this.http.send({
      method: 'POST',
      path: jobsPath(this.subscriptionId, a),
      body: JSON.stringify(doc),
      contentType: JSON_TYPE,
      expect: [201],
    });
    return jsonObject(r.body);
  }

  /** PUT (#2): create or replace; `created` tells which. */
  async putJob(a: CollectionAddress, id: string, doc: WireDoc): Promise<{ job: WireDoc; created: boolean }> {
    const r = await this.http.send({
      method: 'PUT',
      path: jobPath(this.subscriptionId, a, id),
      body: JSON.stringify(doc),
      contentType: JSON_TYPE,
      expect: [200, 201],
    });
    return { job: jsonObject(r.body), created: r.status === 201 };
  }

  /** PATCH (#10): merge. */
  async patchJob(a: CollectionAddress, id: string, partial: WireDoc): Promise<WireDoc> {
    const r = await this.http.send({
      method: 'PATCH',
      path: jobPath(this.subscriptionId, a, id),
      body: JSON.stringify(partial),
      contentType: JSON_TYPE,
      expect: [200],
    });
    return jsonObject(r.body);
  }

  /** PATCH all (#9). */
  async setAllJobStates(a: CollectionAddress, state: 'enabled' | 'disabled'): Promise<WireDoc[]> {
    const r = await this.http.send({
      method: 'PATCH',
      path: jobsPath(this.subscriptionId, a),
      body: JSON.stringify({ state }),
      contentType: JSON_TYPE,
      expect: [200],
    });
    return jsonArray(r.body);
  }

  async deleteJob(a: CollectionAddress, id: string): Promise<void> {
    await this.http.send({ method: 'DELETE', path: jobPath(this.subscriptionId, a, id), expect: [200] });
  }

  /**
   * Run now: a Takt extension (`POST {jcPath}/jobs/{job}/run`), not part of the classic API. A
   * server without it answers 404, which the caller reports as "not supported".
   */
  async runJobNow(a: CollectionAddress, id: string): Promise<WireDoc> {
    const r = await this.http.send({
      method: 'POST',
      path: `${jobPath(this.subscriptionId, a, id)}/run`,
      expect: [200, 202],
    });
    return r.body.trim() === '' ? {} : jsonObject(r.body);
  }

  /** The next due times (Takt extension: `GET {jcPath}/jobs/{id}/occurrences?$top=N`). */
  async occurrences(a: CollectionAddress, id: string, top?: number): Promise<string[]> {
    const r = await this.http.send({
      method: 'GET',
      path: `${jobPath(this.subscriptionId, a, id)}/occurrences${query({ $top: top })}`,
      expect: [200],
    });
    const v = parseJson(r.body);
    if (!Array.isArray(v))
      throw new ApiError(
        200,
        'InvalidResponse',
        'the server answered with JSON that is not an array',
        undefined,
      );
    return v.map(String);
  }

  // History (#5, #6)

  async history(
    a: CollectionAddress,
    id: string,
    filter: string | undefined,
    page: Page = {},
  ): Promise<WireDoc[]> {
    const q = query({ $filter: filter, $skip: page.skip, $top: page.top });
    const r = await this.http.send({
      method: 'GET',
      path: `${jobPath(this.subscriptionId, a, id)}/history${q}`,
      expect: [200],
    });
    return jsonArray(r.body);
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new ApiError(200, 'InvalidResponse', 'the server answered with a body that is not JSON', undefined);
  }
}

function jsonObject(body: string): WireDoc {
  const v = parseJson(body);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new ApiError(
      200,
      'InvalidResponse',
      'the server answered with JSON that is not an object',
      undefined,
    );
  }
  return v as WireDoc;
}

function jsonArray(body: string): WireDoc[] {
  const v = parseJson(body);
  if (!Array.isArray(v))
    throw new ApiError(
      200,
      'InvalidResponse',
      'the server answered with JSON that is not an array',
      undefined,
    );
  return v.filter((x): x is WireDoc => typeof x === 'object' && x !== null && !Array.isArray(x));
}
