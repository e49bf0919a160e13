/**
 * The export file of `takt export` / `takt import`: a whole subscription's cloud services, job
 * collections and jobs, jobs in the wire JSON format. Secrets are never returned by the API, so
 * they cannot be exported: each job lists the members it needs in `secretsRequired`, and the
 * import refuses to start until the file carries them.
 */
import type { Plan, Quota } from '../../domain/collection.js';
import { PLANS } from '../../domain/collection.js';
import type { WireDoc } from '../client/takt-client.js';
import { validateName } from '../../domain/names.js';
import { checkJobDefinition } from './job-file.js';
import { obj } from '../output/wire-values.js';

export const EXPORT_FORMAT = 'takt-export';
export const EXPORT_VERSION = 1;

export interface ExportedJob {
  readonly id: string;
  readonly job: WireDoc;
  /** JSON paths (below `job`) of secrets to add before import. */
  readonly secretsRequired?: readonly string[];
  /** Set when the job had finished (completed/faulted): it is exported disabled so it does not run again. */
  readonly exportedState?: string;
}

export interface ExportedCollection {
  readonly name: string;
  readonly plan: Plan;
  readonly quota: Quota;
  /** As on the wire (base64). */
  readonly label?: string;
  readonly jobs: readonly ExportedJob[];
}

export interface ExportedCloudService {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly geoRegion: string;
  readonly email?: string;
  readonly jobCollections: readonly ExportedCollection[];
}

export interface ExportDoc {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly subscriptionId: string;
  readonly note: string;
  readonly cloudServices: readonly ExportedCloudService[];
}

export const SECRETS_NOTE =
  'Secrets (Basic passwords, client certificate PFX files and passwords, OAuth secrets, Storage SAS tokens, Service Bus SAS keys) are never returned by the API and are not in this file. Before importing, add each job\'s secrets at the paths listed in its "secretsRequired".';

const lower = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '');

/** Secret members a job's action (and error action) needs, as JSON paths below the job. */
export function secretPaths(job: WireDoc): string[] {
  const out: string[] = [];
  const action = obj(job['action']);
  const visit = (a: WireDoc | undefined, at: string): void => {
    if (!a) return;
    const auth = obj(obj(a['request'])?.['authentication']);
    const authType = lower(auth?.['type']);
    if (authType === 'basic') out.push(`${at}.request.authentication.password`);
    if (authType === 'clientcertificate')
      out.push(`${at}.request.authentication.pfx`, `${at}.request.authentication.password`);
    if (authType === 'activedirectoryoauth') out.push(`${at}.request.authentication.secret`);
    if (obj(a['queueMessage'])) out.push(`${at}.queueMessage.sasToken`);
    for (const key of ['serviceBusQueueMessage', 'serviceBusTopicMessage']) {
      if (obj(a[key])) out.push(`${at}.${key}.authentication.sasKey`);
    }
  };
  visit(action, 'action');
  visit(obj(action?.['errorAction']), 'action.errorAction');
  return out;
}

/** Member at a dotted path (exact names, as the export writes them). */
export function memberAt(doc: WireDoc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) cur = obj(cur)?.[part];
  return cur;
}

/** Drops the members a job carries only on output (status, id) or only on input (secrets), for comparison. */
export function comparable(job: WireDoc): string {
  const copy = JSON.parse(JSON.stringify(job)) as WireDoc;
  delete copy['id'];
  delete copy['status'];
  for (const path of secretPaths(copy)) {
    const parts = path.split('.');
    const last = parts.pop() ?? '';
    const parent = obj(memberAt(copy, parts.join('.')));
    if (parent) delete parent[last];
  }
  for (const at of ['action', 'action.errorAction']) {
    const auth = obj(memberAt(copy, `${at}.request.authentication`));
    if (auth)
      for (const k of ['certificateThumbprint', 'certificateExpiration', 'certificateSubjectName'])
        delete auth[k];
  }
  return canonical(copy);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = obj(v);
  if (o) {
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Every problem of an import file, each naming its JSON path; empty when the file is good. */
export function validateExportDoc(
  doc: unknown,
  file: string,
  max = 25,
): { problems: string[]; doc?: ExportDoc } {
  const problems: string[] = [];
  const bad = (path: string, msg: string): void => {
    if (problems.length < max) problems.push(`${file}: ${path}: ${msg}`);
  };
  const root = obj(doc);
  if (!root) return { problems: [`${file}: must be a JSON object (made by \`takt export\`)`] };
  if (root['format'] !== EXPORT_FORMAT) bad('format', `must be "${EXPORT_FORMAT}"`);
  if (root['version'] !== EXPORT_VERSION) bad('version', `must be ${EXPORT_VERSION}`);
  const services = root['cloudServices'];
  if (!Array.isArray(services)) {
    bad('cloudServices', 'must be an array');
    return { problems };
  }
  const { str, length, named } = fieldChecks(bad, (msg) => {
    if (problems.length < max) problems.push(`${file}: ${msg}`);
  });
  const serviceNames = new Map<string, string>();
  services.forEach((s, i) => {
    const at = `cloudServices[${i}]`;
    const cs = obj(s);
    if (!cs) return bad(at, 'must be an object');
    for (const k of ['name', 'label', 'description', 'geoRegion']) str(cs, k, at);
    str(cs, 'email', at, true);
    named(cs, 'name', at, serviceNames);
    length(cs, 'label', at, 1, 100);
    length(cs, 'description', at, 0, 1024);
    length(cs, 'geoRegion', at, 1, 100);
    length(cs, 'email', at, 0, 256);
    const collectionNames = new Map<string, string>();
    const cols = cs['jobCollections'];
    if (!Array.isArray(cols)) return bad(`${at}.jobCollections`, 'must be an array');
    cols.forEach((c, j) => {
      const cat = `${at}.jobCollections[${j}]`;
      const jc = obj(c);
      if (!jc) return bad(cat, 'must be an object');
      str(jc, 'name', cat);
      str(jc, 'label', cat, true);
      named(jc, 'name', cat, collectionNames);
      const jobIds = new Map<string, string>();
      if (!PLANS.includes(jc['plan'] as Plan)) bad(`${cat}.plan`, `must be one of ${PLANS.join(', ')}`);
      if (jc['quota'] !== undefined && !obj(jc['quota'])) bad(`${cat}.quota`, 'must be an object');
      const jobs = jc['jobs'];
      if (!Array.isArray(jobs)) return bad(`${cat}.jobs`, 'must be an array');
      jobs.forEach((x, k) => {
        const jat = `${cat}.jobs[${k}]`;
        const ej = obj(x);
        if (!ej) return bad(jat, 'must be an object');
        str(ej, 'id', jat);
        named(ej, 'id', jat, jobIds);
        const job = obj(ej['job']);
        if (!job) return bad(`${jat}.job`, 'must be an object (a job in the wire format)');
        const missingSecrets = secretPaths(job).filter((path) => {
          const v = memberAt(job, path);
          return typeof v !== 'string' || v === '';
        });
        for (const path of missingSecrets)
          bad(
            `${jat}.job.${path}`,
            'a secret is required here (secrets are not exported; add it to the file)',
          );
        // The wire parser would report the same missing secret again; the line above says it better.
        if (missingSecrets.length > 0) return;
        try {
          checkJobDefinition(job, `${file}: ${jat}.job.`);
        } catch (e) {
          if (problems.length < max) problems.push(e instanceof Error ? e.message : String(e));
        }
      });
    });
  });
  return problems.length > 0 ? { problems } : { problems, doc: root as unknown as ExportDoc };
}

/** The checks of one member of an import file; `bad` names the path, `problem` takes a whole message. */
function fieldChecks(bad: (path: string, msg: string) => void, problem: (msg: string) => void) {
  const str = (o: WireDoc, key: string, at: string, optional = false): void => {
    const v = o[key];
    if (v === undefined && optional) return;
    if (typeof v !== 'string') bad(`${at}.${key}`, 'must be a string');
  };
  // The rules every server applies alike (names: docs/reference/scheduling-rules.md §2; cloud
  // service fields: docs/reference/classic-operations.md §7): a file that breaks one is refused
  // whole, before anything is sent.
  const length = (o: WireDoc, key: string, at: string, min: number, maxChars: number): void => {
    const v = o[key];
    if (typeof v === 'string' && (v.length < min || v.length > maxChars))
      bad(`${at}.${key}`, `must be ${min} to ${maxChars} characters, got ${v.length}`);
  };
  /** Names: the server's rule, and unique within their parent ignoring case (as the server compares them). */
  const named = (o: WireDoc, key: string, at: string, seen: Map<string, string>): void => {
    const v = o[key];
    if (typeof v !== 'string') return;
    try {
      validateName(v, `${at}.${key}`);
    } catch (e) {
      problem(e instanceof Error ? e.message : String(e));
      return;
    }
    const before = seen.get(v.toLowerCase());
    if (before !== undefined) bad(`${at}.${key}`, `'${v}' is the same name as ${before} (names ignore case)`);
    else seen.set(v.toLowerCase(), `${at}.${key}`);
  };
  return { str, length, named };
}
