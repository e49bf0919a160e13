import type { Migration } from '../migration.js';

/*
 * Runs and history go with their job through a trigger instead of a foreign key (docs/store.md,
 * "The engine's rows without key checks"). A foreign key checks every inserted row with a query of
 * its own (`SELECT 1 FROM jobs … FOR KEY SHARE`): a run row and a history row per execution, ~10% of
 * PostgreSQL's CPU per execution in `npm run bench:store-ceiling`. Every writer of these rows already
 * holds its job's row lock in the same transaction (the claim and the outcome lock the job rows,
 * run-now updates the job, the history append locks it: `selectJobKey`), so the check found nothing
 * a lock had not. The delete side stays: a row trigger deletes a job's runs and history, as the
 * cascade did, with the same index per job (a statement trigger over a transition table is planned
 * without statistics: it could scan all history). `SET search_path FROM CURRENT`: the trigger works
 * on the schema it was created in, whatever the deleting session's path.
 */
export const m009JobRowsCascade: Migration = {
  version: 9,
  name: 'job-rows-cascade',
  sql: `ALTER TABLE runs DROP CONSTRAINT runs_job_id_fkey;
ALTER TABLE history DROP CONSTRAINT history_job_id_fkey;
CREATE FUNCTION takt_job_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
BEGIN
  DELETE FROM runs WHERE job_id = OLD.id;
  DELETE FROM history WHERE job_id = OLD.id;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER job_deleted AFTER DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION takt_job_deleted();`,
};
