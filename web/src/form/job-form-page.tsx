/** New job, or edit one: loads the job, then hands its definition to the form. */
import { api } from '../api/client.js';
import type { CollectionRef } from '../api/types.js';
import { ErrorBox, Loading } from '../components/ui.js';
import { useData } from '../components/use-data.js';
import { href } from '../router.js';
import { isGone, JobGone } from '../pages/job.js';
import { JobForm } from './job-form.js';

export function JobFormPage({ c, id }: { c: CollectionRef; id: string | undefined }) {
  const job = useData(() => (id ? api.job(c, id) : Promise.resolve(null)), [id]);
  // An edit link to a job that is gone says so and leads back, as the job's own page does.
  if (job.error) return id && isGone(job.error) ? <JobGone c={c} id={id} /> : <ErrorBox error={job.error} />;
  if (job.value === undefined) return <Loading />;
  return (
    <>
      <p class="crumbs">
        <a href={href.collections()}>Collections</a> /{' '}
        <a href={href.jobs(c)}>{`${c.cloudService}/${c.collection}`}</a> /{' '}
        {id ? <a href={href.job(c, id)}>{id}</a> : 'new job'}
      </p>
      <h1>{id ? `Edit job ${id}` : 'New job'}</h1>
      <JobForm c={c} existing={job.value ?? undefined} />
    </>
  );
}
