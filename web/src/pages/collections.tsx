/** Job collections: plan, quota use, state; create, edit plan/quota, suspend/resume, delete. */
import { useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { CollectionView, JobDoc, Plan } from '../api/types.js';
import { Empty, ErrorBox, Loading } from '../components/ui.js';
import { useData } from '../components/use-data.js';
import { count } from '../lib/count.js';
import { and } from '../lib/schedule-text.js';
import { href } from '../router.js';
import { CollectionEditor } from './collection-editor.js';

interface Row extends CollectionView {
  readonly jobs: JobDoc[];
}

async function load() {
  const [services, limits] = await Promise.all([api.cloudServices(), api.planLimits().catch(() => ({}))]);
  const rows = await Promise.all(
    services.flatMap((s) =>
      s.collections.map(async (c): Promise<Row> => ({
        ...c,
        jobs: await api.jobs({ cloudService: c.cloudService, collection: c.name }),
      })),
    ),
  );
  return { services: services.map((s) => s.name), rows, limits: limits as Partial<Record<Plan, number>> };
}

/**
 * What "state of all jobs" did, from its answer (every job after the change): completed and
 * faulted jobs are left as they are, so "every job enabled" would not be true.
 */
function allStatesText(verb: string, name: string, to: 'enabled' | 'disabled', jobs: readonly JobDoc[]) {
  const n = jobs.filter((j) => j.state === to).length;
  const parts = [`${verb} ${name}: ${n} job${n === 1 ? '' : 's'} ${to}`];
  for (const state of ['completed', 'faulted'] as const) {
    const ids = jobs.filter((j) => j.state === state).map((j) => j.id);
    const named = ids.length > 5 ? [...ids.slice(0, 5), `${ids.length - 5} more`] : ids;
    if (ids.length) parts.push(`${and(named)} ${ids.length === 1 ? 'stays' : 'stay'} ${state}`);
  }
  return `${parts.join('; ')}.`;
}

export function CollectionsPage() {
  const data = useData(load, []);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<unknown>('');
  const d = data.value;
  if (data.error && !d) return <ErrorBox error={data.error} />;
  if (!d) return <Loading />;
  const done = () => {
    setEditing(undefined);
    void data.reload();
  };
  const act = async <T,>(what: string | ((answer: T) => string), fn: () => Promise<T>) => {
    try {
      const answer = await fn();
      setStatus(typeof what === 'string' ? what : what(answer));
    } catch (e) {
      setStatus(e);
    }
    await data.reload();
  };
  return (
    <>
      <div class="title-row">
        <h1>Job collections</h1>
        <button class="primary" type="button" onClick={() => setEditing('new')}>
          New collection
        </button>
      </div>
      {editing === 'new' && <CollectionEditor cloudServices={d.services} onDone={done} />}
      {typeof status === 'string' ? (
        <p role="status" class="muted">
          {status}
        </p>
      ) : (
        <ErrorBox error={status} />
      )}
      {d.rows.length === 0 ? (
        <Empty title="No job collections yet">
          <p>A collection holds jobs under one plan and quota. Create the first one above.</p>
        </Empty>
      ) : (
        <div class="table-wrap">
          <table class="collections">
            <thead>
              <tr>
                <th>Collection</th>
                <th>Cloud service</th>
                <th>Plan</th>
                <th>Jobs</th>
                <th>State</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => {
                const key = `${r.cloudService}/${r.name}`;
                const c = { cloudService: r.cloudService, collection: r.name };
                const planMax = d.limits[r.plan];
                const max = Math.min(r.quota.maxJobCount ?? Infinity, planMax ?? Infinity);
                const enabled = r.jobs.filter((j) => j.state === 'enabled').length;
                const rec = r.quota.maxRecurrence;
                return [
                  <tr key={key} data-collection={key}>
                    <td>
                      <a href={href.jobs(c)}>{r.name}</a>
                    </td>
                    <td>{r.cloudService}</td>
                    <td>
                      {r.plan}
                      {rec && (
                        <span class="muted">
                          {' '}
                          · every ≥ {rec.interval} {rec.frequency.toLowerCase()}
                          {rec.interval === 1 ? '' : 's'}
                        </span>
                      )}
                    </td>
                    <td>
                      {r.jobs.length}
                      {Number.isFinite(max) ? ` / ${max}` : ''} jobs ({enabled} enabled)
                    </td>
                    <td>{r.state}</td>
                    <td>
                      <div class="row-actions">
                        <button type="button" onClick={() => setEditing(key)}>
                          Edit
                        </button>
                        <button
                          type="button"
                          onClick={() =>
                            void act(
                              (jobs) => allStatesText('Suspended', r.name, 'disabled', jobs),
                              () => api.setAllStates(c, 'disabled'),
                            )
                          }
                        >
                          Suspend
                        </button>
                        <button
                          type="button"
                          onClick={() =>
                            void act(
                              (jobs) => allStatesText('Resumed', r.name, 'enabled', jobs),
                              () => api.setAllStates(c, 'enabled'),
                            )
                          }
                        >
                          Resume
                        </button>
                        <button
                          type="button"
                          class="danger"
                          onClick={() => {
                            if (
                              confirm(
                                `Delete collection ${r.name} with its ${count(r.jobs.length, 'job')} and their history?`,
                              )
                            )
                              void act(`Deleted ${r.name}.`, () => api.deleteCollection(c));
                          }}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>,
                  editing === key && (
                    <tr key={`${key}-edit`}>
                      <td colSpan={6}>
                        <CollectionEditor existing={r} cloudServices={d.services} onDone={done} />
                      </td>
                    </tr>
                  ),
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
