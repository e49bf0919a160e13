import { mapSecrets } from '../domain/job-secrets.js';
import type { JobAction, JobDefinition } from '../domain/job.js';
import type { SealedSecret } from '../domain/secret.js';
import type { SealedJob, SealedRun, Store } from '../ports/store.js';
import type { SecretBox } from '../ports/secret-box.js';
import { sealedKeyId } from './keyring.js';
import { extend } from '../domain/extend.js';

/** A box that says which key seals now (KeyringSecretBox, or a fixed ring in tests). */
export interface RotatingBox extends SecretBox {
  readonly currentId: string;
}

export interface ResealOptions {
  /** Rows per page (and per write transaction). Default 200. */
  readonly pageSize?: number;
  /** Passes before giving up on values that keep being rewritten under an old key. Default 10. */
  readonly maxPasses?: number;
  /**
   * Awaited between passes: the CLI gives running nodes time to notice the new key (they check
   * about once a second) so they stop sealing with the old one. Default: no wait.
   */
  readonly betweenPasses?: () => Promise<void>;
  readonly onPass?: (pass: PassReport) => void;
}

export interface PassReport {
  readonly pass: number;
  /** Values found sealed with another key than the current one. */
  readonly stale: number;
  /** Of those, rewritten under the current key. */
  readonly resealed: number;
  /** Values this box cannot open (key unknown or value tampered): never rewritten. */
  readonly unreadable: number;
  /** Of those, run snapshots (the rest are job definitions). */
  readonly unreadableRuns: number;
}

export interface ResealReport {
  readonly passes: readonly PassReport[];
  /** True when a pass found nothing left under an old key (unreadable values aside). */
  readonly complete: boolean;
  /** Key ids still in use by stored values after the last pass (the current one included). */
  readonly keysInUse: ReadonlySet<string>;
}

type Verdict = 'fresh' | 'stale' | 'unreadable';

/**
 * Re-seals every stored secret under the box's current key, online: pages through job definitions
 * and run snapshots by primary key, opens each value sealed with an older key and seals it again,
 * and writes each page in one transaction guarded by the job's version (a job written meanwhile
 * by the API or the engine is skipped, then seen again by the next pass). Passes repeat until one
 * finds nothing stale, because nodes that have not yet noticed the rotation may still seal a value
 * or two with the old key. Values that cannot be opened are reported and left as they are.
 */
export async function resealAll(
  store: Store,
  box: RotatingBox,
  options: ResealOptions = {},
): Promise<ResealReport> {
  const pageSize = options.pageSize ?? 200;
  const maxPasses = options.maxPasses ?? 10;
  const passes: PassReport[] = [];
  let keysInUse = new Set<string>();
  for (let pass = 1; pass <= maxPasses; pass++) {
    if (pass > 1) await options.betweenPasses?.();
    const tally = { stale: 0, resealed: 0, unreadable: 0 };
    keysInUse = new Set<string>();
    const reseal = <T>(value: T, map: (v: T, f: (s: SealedSecret) => SealedSecret) => T): T | undefined => {
      const verdict = classify(value, map, box, keysInUse);
      if (verdict === 'unreadable') tally.unreadable++;
      if (verdict !== 'stale') return undefined;
      tally.stale++;
      return map(value, (s) => box.seal(box.open(s)));
    };

    for (let after = 0; ;) {
      // Only definitions holding a sealed value: a store of a million jobs without secrets is not read.
      const page = await store.pageSealedJobs(after, pageSize, true);
      const changed: SealedJob[] = [];
      for (const job of page) {
        const definition = reseal(job.definition, mapSecrets);
        if (definition) changed.push(extend(job, { definition }));
      }
      if (changed.length > 0) tally.resealed += await store.resealJobs(changed);
      const last = page[page.length - 1];
      if (!last || page.length < pageSize) break;
      after = last.key;
    }
    const unreadableJobs = tally.unreadable;
    for (let after = ''; ;) {
      const page = await store.pageSealedRuns(after, pageSize);
      const changed: SealedRun[] = [];
      for (const run of page) {
        const action = reseal(run.action, mapAction);
        if (action) changed.push(extend(run, { action }));
      }
      if (changed.length > 0) tally.resealed += await store.resealRuns(changed);
      const last = page[page.length - 1];
      if (!last || page.length < pageSize) break;
      after = last.id;
    }
    const report = { pass, ...tally, unreadableRuns: tally.unreadable - unreadableJobs };
    passes.push(report);
    options.onPass?.(report);
    if (tally.stale === 0) return { passes, complete: true, keysInUse };
  }
  return { passes, complete: false, keysInUse };
}

/** The secrets of a run's action snapshot, mapped like a definition's (main and error action). */
function mapAction(
  action: JobAction<SealedSecret>,
  f: (s: SealedSecret) => SealedSecret,
): JobAction<SealedSecret> {
  // mapSecrets only rewrites `action`; the other definition members are carried over untouched.
  return mapSecrets({ action } as JobDefinition<SealedSecret>, f).action;
}

function classify<T>(
  value: T,
  map: (v: T, f: (s: SealedSecret) => SealedSecret) => T,
  box: RotatingBox,
  keysInUse: Set<string>,
): Verdict {
  let verdict: Verdict = 'fresh';
  map(value, (s) => {
    const id = sealedKeyId(s);
    if (id !== undefined) keysInUse.add(id);
    if (verdict === 'unreadable' || id === box.currentId) return s;
    try {
      box.open(s);
      verdict = 'stale';
    } catch {
      verdict = 'unreadable';
    }
    return s;
  });
  return verdict;
}
