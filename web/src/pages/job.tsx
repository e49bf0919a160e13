/**
 * One job: summary first (JSON behind a toggle), actions, the next occurrences, the run chart and
 * the history. New history entries appear by themselves: the newest entry is polled every 2 s.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import { ApiError } from '../api/http.js';
import type { CollectionRef, HistoryEntry } from '../api/types.js';
import { ErrorBox, Loading, StateBadge, Time } from '../components/ui.js';
import { useData } from '../components/use-data.js';
import { go, href } from '../router.js';
import { JobHistory, type StatusFilter } from './job-history.js';
import { JobSummary } from './job-summary.js';
import { RunChart } from './run-chart.js';

export const isGone = (e: unknown) => e instanceof ApiError && e.status === 404;

/** A job deleted while its page was open (here or in another tab): nothing is left to act on. */
export function JobGone({ c, id }: { c: CollectionRef; id: string }) {
  const where = `${c.cloudService}/${c.collection}`;
  return (
    <>
      <p class="crumbs">
        <a href={href.collections()}>Collections</a> / <a href={href.jobs(c)}>{where}</a> / {id}
      </p>
      <h1>Job {id}</h1>
      <p class="notice warn" role="alert" id="job-gone">
        This job does not exist: it may have been deleted, here or in another tab, with its history.
      </p>
      <p>
        <a href={href.jobs(c)}>Back to the jobs of {where}</a>
      </p>
    </>
  );
}

const keyOf = (e: HistoryEntry | undefined) =>
  e ? `${e.timestamp}|${e.retryCount}|${e.repeatCount}|${e.actionName}` : '';

export function JobPage({ c, id }: { c: CollectionRef; id: string }) {
  const job = useData(() => api.job(c, id), [id]);
  const [page, setPage] = useState({ skip: 0, top: 10, status: '' as StatusFilter });
  // One entry more than a page: whether older entries exist is known, not guessed from a full page.
  const hist = useData(
    () => api.history(c, id, { ...page, top: page.top + 1 }),
    [id, page.skip, page.top, page.status],
  );
  const recent = useData(() => api.history(c, id, { top: 60 }), [id]);
  const next = useData(() => api.occurrences(c, id, 5), [id]);
  const [status, setStatus] = useState<unknown>('');
  // The poll's failure (server down, session ended): the page says it is no longer live instead of
  // showing what it last read as if it were current, and reads everything again once it answers.
  const [pollError, setPollError] = useState<unknown>(undefined);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      void api.history(c, id, { top: 1 }).then(
        (top) => {
          const back = pollError !== undefined;
          setPollError(undefined);
          if (!back && keyOf(top[0]) === keyOf(recent.value?.[0])) return;
          void Promise.all([recent.reload(), job.reload(), next.reload(), hist.reload()]);
        },
        (e) => {
          // Deleted elsewhere: the job's own read says so, and the page shows it gone.
          if (isGone(e)) void job.reload();
          else setPollError(e);
        },
      );
    }, 2000);
    return () => clearInterval(timer);
  }, [c, id, recent, job, next, hist, pollError]);
  const j = job.value;
  if (isGone(job.error)) return <JobGone c={c} id={id} />;
  if (job.error && !j) return <ErrorBox error={pollError ?? job.error} />;
  if (!j) return <Loading />;
  const zone = j.recurrence?.timeZone;
  const finished = j.state === 'completed' || j.state === 'faulted';
  // The one state change offered: an enabled job can be disabled, a disabled one enabled.
  const toggle = j.state === 'enabled' ? 'disabled' : 'enabled';
  // Enabling a one-time job whose start time has passed runs it at once (the form says so too).
  const enableRunsNow =
    toggle === 'enabled' && !j.recurrence && (!j.startTime || Date.parse(j.startTime) <= Date.now());
  const act = async (fn: () => Promise<string>) => {
    try {
      setStatus(await fn());
    } catch (e) {
      setStatus(e);
    }
    await Promise.all([job.reload(), next.reload()]);
  };
  return (
    <>
      <p class="crumbs">
        <a href={href.collections()}>Collections</a> /{' '}
        <a href={href.jobs(c)}>{`${c.cloudService}/${c.collection}`}</a> / {id}
      </p>
      <div class="title-row">
        <h1>
          Job {j.id} <StateBadge state={j.state} id="job-state" />
        </h1>
      </div>
      {pollError !== undefined && (
        <p class="notice warn" id="not-live" role="status">
          Not live: {(pollError as { message?: string }).message ?? 'the last read failed'} What this page
          shows was read before; it updates again once the server answers.
        </p>
      )}
      {enableRunsNow && !finished && (
        <p class="notice warn" id="enable-runs-now">
          Enabling runs this job now: it runs once and its start time has passed. Edit it to set a later start
          time instead.
        </p>
      )}
      <div class="toolbar">
        {finished ? (
          // The API refuses to run, enable or disable a finished job: a new series is a replace.
          <a class="button primary" href={href.edit(c, id)} id="start-again">
            Edit and start again
          </a>
        ) : (
          <>
            <button
              type="button"
              class="primary"
              onClick={() =>
                void act(async () => (await api.runJob(c, id), 'Started; the entry will appear below.'))
              }
            >
              Run now
            </button>
            <button
              type="button"
              onClick={() =>
                void act(
                  async () => (
                    await api.patchJob(c, id, { state: toggle }),
                    toggle === 'disabled'
                      ? 'Disabled.'
                      : enableRunsNow
                        ? 'Enabled: it runs now, as its start time has passed.'
                        : 'Enabled.'
                  ),
                )
              }
            >
              {toggle === 'enabled' ? 'Enable' : 'Disable'}
            </button>
          </>
        )}
        {!finished && (
          <a class="button" href={href.edit(c, id)}>
            Edit
          </a>
        )}
        <button
          type="button"
          class="danger"
          onClick={() =>
            void act(async () => {
              if (!confirm(`Delete job ${id} and its history?`)) return 'Not deleted.';
              await api.deleteJob(c, id);
              go(href.jobs(c));
              return 'Deleted.';
            })
          }
        >
          Delete
        </button>
      </div>
      {finished && (
        <p class="notice" id="finished-notice">
          This job is {j.state}: it has finished, so it cannot be run, enabled or disabled. Saving it again
          replaces it and starts a new series.
        </p>
      )}
      {typeof status === 'string' ? (
        <p role="status" class="muted">
          {status}
        </p>
      ) : (
        <ErrorBox error={status} />
      )}
      <div class="grid2">
        <section>
          <h2>Summary</h2>
          <JobSummary job={j} />
          <details class="json">
            <summary>Definition as JSON</summary>
            <pre id="definition">{JSON.stringify({ ...j, status: undefined }, null, 2)}</pre>
          </details>
        </section>
        <section>
          <h2>Next occurrences</h2>
          {next.value?.length ? (
            <ol class="occ" id="occurrences">
              {next.value.map((t) => (
                <li key={t}>
                  <Time iso={t} zone={zone} exact />{' '}
                  <span class="muted">
                    (<Time iso={t} />)
                  </span>
                </li>
              ))}
            </ol>
          ) : (
            <p class="muted">
              {next.error
                ? `Not known: ${(next.error as Error).message}`
                : j.state === 'disabled'
                  ? 'None while the job is disabled.'
                  : finished
                    ? `None: the job is ${j.state}.`
                    : next.value
                      ? 'None: no occurrence is left.'
                      : 'Loading…'}
            </p>
          )}
        </section>
      </div>
      <section>
        <h2>Lateness and duration</h2>
        {recent.value ? <RunChart entries={recent.value} zone={zone} /> : <Loading />}
      </section>
      <JobHistory
        entries={hist.value?.slice(0, page.top)}
        hasOlder={(hist.value?.length ?? 0) > page.top}
        zone={zone}
        page={page}
        onPage={setPage}
      />
    </>
  );
}
