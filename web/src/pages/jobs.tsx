/** The jobs of one collection: search, state filter, bulk actions, auto-refresh every 10 s. */
import { useState } from 'preact/hooks';
import { api } from '../api/client.js';
import { ApiError } from '../api/http.js';
import type { CollectionRef, HistoryEntry, JobDoc, JobState, JobStatus } from '../api/types.js';
import { Empty, ErrorBox, Loading } from '../components/ui.js';
import { useData } from '../components/use-data.js';
import { count } from '../lib/count.js';
import { targetText } from '../lib/job-text.js';
import { scheduleOf } from '../lib/schedule-text.js';
import { href } from '../router.js';
import { JobRow } from './job-row.js';

export interface JobWithLast extends JobDoc {
  readonly last?: HistoryEntry;
}

/**
 * Each row shows its job's last history entry. The classic API has no query for many jobs' last
 * entries, so a refresh (every 10 s) would read one history page per job: a thousand requests for a
 * thousand jobs. An entry is read again only when it can have changed: the job's counters or last
 * run moved, or the entry was not a final one (a failed attempt may be followed by a retry or the
 * error action, a postponed entry by its run, an occurrence in flight by its outcome). A job that
 * never ran has no history to read.
 */
const lastSeen = new Map<
  string,
  { readonly key: string; readonly last: HistoryEntry | undefined; readonly neverRan: boolean }
>();

/** What changes whenever an occurrence of the job starts or an attempt fails. */
function runKey(s: JobStatus): string {
  return `${s.executionCount}/${s.failureCount}/${s.faultedCount}/${s.lastExecutionTime ?? ''}`;
}

/**
 * Nothing follows it: a main action that succeeded, in the job's latest occurrence (the job's last
 * run is when that occurrence started; an entry of an earlier one means the latest is in flight).
 */
function isFinal(j: JobDoc, e: HistoryEntry | undefined): boolean {
  if (e === undefined || e.actionName !== 'MainAction' || e.status !== undefined) return false;
  const started = j.status?.lastExecutionTime;
  // History times may be whole seconds: compare at that precision.
  return started === undefined || Date.parse(e.startTime) >= Math.floor(Date.parse(started) / 1000) * 1000;
}

/** The entry kept from an earlier load, when it is still true. */
function kept(j: JobDoc, id: string): { readonly last: HistoryEntry | undefined } | undefined {
  const seen = lastSeen.get(id);
  if (seen === undefined) return undefined;
  // A disabled job shows no counters, but it starts no occurrence either: what was seen holds.
  if (j.status === undefined) return seen.neverRan || isFinal(j, seen.last) ? seen : undefined;
  return seen.key === runKey(j.status) && isFinal(j, seen.last) ? seen : undefined;
}

async function lastEntry(c: CollectionRef, j: JobDoc): Promise<HistoryEntry | undefined> {
  const id = `${c.cloudService}/${c.collection}/${j.id}`;
  if (j.status?.executionCount === 0) {
    lastSeen.set(id, { key: runKey(j.status), last: undefined, neverRan: true });
    return undefined;
  }
  const still = kept(j, id);
  if (still) return still.last;
  try {
    const last = (await api.history(c, j.id, { top: 1 }))[0];
    lastSeen.set(id, {
      key: j.status ? runKey(j.status) : '',
      last,
      neverRan: last === undefined && !j.status,
    });
    return last;
  } catch {
    // Shown without its last run this time; read again at the next refresh.
    return undefined;
  }
}

async function load(c: CollectionRef, state: JobState | ''): Promise<JobWithLast[]> {
  const jobs = await api.jobs(c, state);
  const lasts = await Promise.all(jobs.map((j) => lastEntry(c, j)));
  return jobs.map((j, i) => {
    const last = lasts[i];
    return last ? { ...j, last } : j;
  });
}

type Bulk = 'enable' | 'disable' | 'run' | 'delete';

/** A collection that does not exist, or was deleted while its page was open. */
function CollectionGone({ c }: { c: CollectionRef }) {
  return (
    <>
      <p class="crumbs">
        <a href={href.collections()}>Collections</a> / {c.cloudService}/{c.collection}
      </p>
      <h1>Jobs of {c.collection}</h1>
      <p class="notice warn" role="alert" id="collection-gone">
        This job collection does not exist: there is no {c.collection} in {c.cloudService} (it may have been
        deleted).
      </p>
      <p>
        <a href={href.collections()}>Back to the collections</a>
      </p>
    </>
  );
}

export function JobsPage({ c }: { c: CollectionRef }) {
  const [state, setState] = useState<JobState | ''>(
    () => (sessionStorage.getItem('jobs-state') as JobState) ?? '',
  );
  const [search, setSearch] = useState(() => sessionStorage.getItem('jobs-search') ?? '');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<unknown>('');
  const data = useData(() => load(c, state), [c.cloudService, c.collection, state], 10_000);
  if (data.error instanceof ApiError && data.error.status === 404) return <CollectionGone c={c} />;
  const q = search.trim().toLowerCase();
  const all = data.value ?? [];
  const shown = all.filter(
    (j) => !q || `${j.id} ${targetText(j.action)} ${scheduleOf(j)}`.toLowerCase().includes(q),
  );
  const chosen = shown.filter((j) => selected.has(j.id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const bulk = async (what: Bulk) => {
    const ids = chosen.map((j) => j.id);
    if (what === 'delete' && !confirm(`Delete ${count(ids.length, 'job')} and their history?`)) return;
    const run = (id: string) =>
      what === 'enable' || what === 'disable'
        ? api.patchJob(c, id, { state: `${what}d` })
        : what === 'run'
          ? api.runJob(c, id)
          : api.deleteJob(c, id);
    const results = await Promise.allSettled(ids.map(run));
    const failed = results
      // Each message without its closing period: they are joined with '; '.
      .map((r, i) =>
        r.status === 'rejected' ? `${ids[i]}: ${(r.reason as Error).message.replace(/\.$/, '')}` : '',
      )
      .filter(Boolean);
    const verb = { enable: 'Enabled', disable: 'Disabled', run: 'Started', delete: 'Deleted' }[what];
    setStatus(
      failed.length
        ? { code: `${verb} ${ids.length - failed.length} of ${ids.length}`, message: failed.join('; ') }
        : `${verb} ${ids.length} job${ids.length === 1 ? '' : 's'}.`,
    );
    setSelected(new Set());
    await data.reload();
  };
  return (
    <>
      <p class="crumbs">
        <a href={href.collections()}>Collections</a> / {c.cloudService}/{c.collection}
      </p>
      <div class="title-row">
        <h1>Jobs of {c.collection}</h1>
        <a class="button primary" href={href.newJob(c)}>
          New job
        </a>
      </div>
      <div class="toolbar">
        <input
          type="search"
          aria-label="Search"
          placeholder="Search id, target or schedule"
          value={search}
          onInput={(e) => (
            setSearch(e.currentTarget.value),
            sessionStorage.setItem('jobs-search', e.currentTarget.value)
          )}
        />
        <select
          aria-label="State filter"
          value={state}
          onChange={(e) => {
            const v = e.currentTarget.value as JobState | '';
            sessionStorage.setItem('jobs-state', v);
            setState(v);
          }}
        >
          <option value="">all states</option>
          <option value="enabled">enabled</option>
          <option value="disabled">disabled</option>
          <option value="completed">completed</option>
          <option value="faulted">faulted</option>
        </select>
        <span class="spacer" />
        <span class="muted" aria-live="polite">
          {chosen.length ? `${chosen.length} selected` : ''}
        </span>
        {(['enable', 'disable', 'run', 'delete'] as const).map((b) => (
          <button
            key={b}
            type="button"
            class={b === 'delete' ? 'danger' : ''}
            disabled={!chosen.length}
            onClick={() => void bulk(b)}
          >
            {{ enable: 'Enable', disable: 'Disable', run: 'Run now', delete: 'Delete' }[b]}
          </button>
        ))}
      </div>
      {typeof status === 'string' ? (
        <p role="status" class="muted">
          {status}
        </p>
      ) : (
        <ErrorBox error={status} />
      )}
      {data.error ? <ErrorBox error={data.error} /> : null}
      {!data.value ? (
        data.error ? null : (
          <Loading />
        )
      ) : all.length === 0 ? (
        <Empty title={state ? `No ${state} jobs` : 'No jobs in this collection yet'}>
          {!state && (
            <p>
              <a href={href.newJob(c)}>Create a job</a> to call an HTTP endpoint or post to a queue on a
              schedule.
            </p>
          )}
        </Empty>
      ) : shown.length === 0 ? (
        <Empty title={`No job matches “${search}”`} />
      ) : (
        <div class="table-wrap">
          <table class="jobs">
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label="Select all"
                    checked={chosen.length === shown.length}
                    onChange={(e) =>
                      setSelected(new Set(e.currentTarget.checked ? shown.map((j) => j.id) : []))
                    }
                  />
                </th>
                <th>Job</th>
                <th>State</th>
                <th>Schedule</th>
                <th>Next run</th>
                <th>Last result</th>
                <th>Runs / failures</th>
                <th>Target</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((j) => (
                <JobRow
                  key={j.id}
                  c={c}
                  job={j}
                  selected={selected.has(j.id)}
                  onSelect={(on) => toggle(j.id, on)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
