/** New job, or edit one: loads the job, then hands its definition to the form. */
import { api } from '../api/client.js';
import type { CollectionRef } from '../api/types.js';
import { ErrorBox, Loading } from '../components/ui.js';
import { useData } from '../components/use-data.js';
import { href } from '../router.js';
import { JobForm } from './job-form.js';

export function JobFormPage({ c, id }: { c: CollectionRef; id: string | undefined }) {
  const job = useData(() => (id ? api.job(c, id) : Promise.resolve(null)), [id]);
  if (job.error) return <ErrorBox error={job.error} />;
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
