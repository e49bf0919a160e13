/**
 * The job form. It edits a copy of the whole definition, so what it does not show survives a save.
 * An edit is saved as a JSON merge patch of what changed (the series, counters and stored secrets
 * stay); a finished job, which cannot be patched, is replaced with PUT. Errors from a save stay next
 * to their field until that field changes (one naming no field stays until the next save); the live
 * preview's messages show only on fields the user touched.
 */
import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { api, unsendableName } from '../api/client.js';
import { ApiError } from '../api/http.js';
import type { CollectionRef, DefinitionDoc, JobDoc } from '../api/types.js';
import { Time } from '../components/ui.js';
import { go, href } from '../router.js';
import { ActionFields } from './action-fields.js';
import { ErrorActionFields } from './error-action-fields.js';
import { FormContext, SelectField, type FormApi } from './fields.js';
import {
  clashes,
  clone,
  definitionOf,
  fieldOf,
  getPath,
  mergePatch,
  related,
  runsOnSave,
  setPath,
  withKeptSecrets,
  type Doc,
  type Json,
  type SaveMode,
} from './model.js';
import { ScheduleFields } from './schedule-fields.js';
import { usePreview } from './use-preview.js';

const NEW_JOB: Doc = { action: { type: 'https', request: { uri: '', method: 'POST' } }, state: 'enabled' };

export function JobForm({ c, existing }: { c: CollectionRef; existing: JobDoc | undefined }) {
  const original = useMemo(() => (existing ? definitionOf(existing) : undefined), [existing]);
  const mode: SaveMode = !existing
    ? 'create'
    : existing.state === 'completed' || existing.state === 'faulted'
      ? 'replace'
      : 'patch';
  // A finished job is replaced by a new series, enabled unless the user picks disabled: its
  // `completed` or `faulted` is the server's to set, and a PUT carrying it is refused.
  const [doc, setDoc] = useState<Doc>(() =>
    mode === 'replace' ? { ...clone(original!), state: 'enabled' } : clone(original ?? NEW_JOB),
  );
  const [jobId, setJobId] = useState(existing?.id ?? '');
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [saveErrors, setSaveErrors] = useState<Readonly<Record<string, string>>>({});
  const [formError, setFormError] = useState<ApiError | undefined>(undefined);
  const [localErrors, setLocalErrors] = useState<Readonly<Record<string, string>>>({});
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  // Members this edit changes that were also changed elsewhere (another tab, a client) since the
  // form opened; saving again after they are shown overwrites them (docs/dashboard.md).
  const [clash, setClash] = useState<readonly string[]>([]);
  const overwrite = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const fields = useRef(new Set<string>(existing ? [] : ['id'])).current;

  const scheduleKept =
    mode === 'patch' &&
    JSON.stringify(getPath(doc, 'recurrence')) === JSON.stringify(original?.['recurrence']) &&
    doc['startTime'] === original?.['startTime'];
  const kept = useCallback(() => api.occurrences(c, existing?.id ?? '', 5), [c, existing?.id]);
  // An edit is a merge patch: the secrets it leaves empty are kept, so the preview keeps them too.
  const previewDoc = useMemo(
    () => (mode === 'patch' && original ? withKeptSecrets(doc, original) : doc),
    [doc, original, mode],
  );
  // An edit of a job that runs on is previewed as the PATCH saving it makes: its series goes on.
  const editing = useMemo(
    () => (mode === 'patch' && existing ? { c, id: existing.id } : undefined),
    [mode, c, existing?.id],
  );
  const preview = usePreview(
    previewDoc,
    scheduleKept && existing?.state === 'enabled' ? kept : undefined,
    editing,
  );
  const previewField = preview.error ? fieldOf(preview.error.message, fields) : undefined;

  const form: FormApi = {
    doc,
    set(path: string, value: Json | undefined) {
      setDoc((d) => {
        const next = setPath(d, path, value);
        // The HTTP action type follows the URI's scheme, as the API requires.
        const scheme =
          path.endsWith('.request.uri') && typeof value === 'string' ? /^(https?):/i.exec(value) : null;
        return scheme ? setPath(next, path.replace(/request\.uri$/, 'type'), scheme[1]!.toLowerCase()) : next;
      });
      setTouched((t) => new Set(t).add(path));
      setSaveErrors((errs) => Object.fromEntries(Object.entries(errs).filter(([p]) => !related(p, path))));
    },
    errorFor(path: string) {
      if (attempted && localErrors[path]) return localErrors[path];
      if (saveErrors[path]) return saveErrors[path];
      if (preview.error && previewField === path && [...touched].some((t) => related(t, path)))
        return preview.error.message;
      return undefined;
    },
    register: (path: string) => void fields.add(path),
    invalid(path: string, message: string | undefined) {
      setLocalErrors((errs) => {
        if (message === undefined && !(path in errs)) return errs; // nothing to clear: no render
        const { [path]: _old, ...rest } = errs;
        return message === undefined ? rest : { ...rest, [path]: message };
      });
    },
  };

  const def = doc as unknown as DefinitionDoc;
  const runsNow = runsOnSave(mode, def, original, Date.now());
  const save = async (e: Event) => {
    e.preventDefault();
    const unreadable = Object.keys(localErrors)[0];
    if (unreadable !== undefined) {
      // Nothing is sent while a field cannot be read: its message says which line to fix.
      setAttempted(true);
      document.getElementsByName(unreadable)[0]?.focus();
      return;
    }
    setBusy(true);
    setFormError(undefined);
    try {
      let saved: JobDoc;
      if (mode === 'patch') {
        const patch = mergePatch(original!, doc);
        if (!overwrite.current) {
          const theirs = mergePatch(original!, definitionOf(await api.job(c, existing!.id)));
          const both = clashes(patch, theirs);
          if (both.length > 0) {
            setClash(both);
            setBusy(false);
            return;
          }
        }
        saved = await api.patchJob(c, existing!.id, patch);
      } else if (mode === 'replace') saved = await api.putJob(c, existing!.id, def);
      else if (jobId.trim()) {
        if (unsendableName(jobId.trim()))
          throw new ApiError(
            400,
            'BadRequest',
            `id: '${jobId.trim()}' cannot be a job id: a URL path cannot carry '.' or '..' as a name`,
          );
        const taken = await api.job(c, jobId.trim()).then(
          () => true,
          () => false,
        );
        if (taken)
          throw new ApiError(
            409,
            'ConflictError',
            `id: a job named '${jobId.trim()}' already exists; pick another id`,
          );
        saved = await api.putJob(c, jobId.trim(), def);
      } else saved = await api.createJob(c, def);
      go(href.job(c, saved.id));
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'Error', String(err));
      const field = fieldOf(apiErr.message, fields);
      if (field) setSaveErrors((errs) => ({ ...errs, [field]: apiErr.message }));
      else setFormError(apiErr);
      setBusy(false);
      // The disabled Save button dropped the focus to the page: it goes to the field the server
      // named, else to the message, once they are drawn (keyboard and screen-reader users).
      setTimeout(() => {
        const target = field ? document.getElementsByName(field)[0] : document.getElementById('form-error');
        target?.focus();
      }, 0);
    }
  };

  return (
    <FormContext.Provider value={form}>
      <form
        ref={formRef}
        class="job-form"
        noValidate
        onSubmit={(e) => void save(e)}
        aria-label={existing ? `Edit job ${existing.id}` : 'New job'}
      >
        <div class="form-grid">
          <fieldset class="card">
            <legend>What it does</legend>
            {!existing && (
              <div class={`field${saveErrors['id'] ? ' invalid' : ''}`} data-field="id">
                <label for="f-id">Job id</label>
                <input
                  id="f-id"
                  name="id"
                  value={jobId}
                  placeholder="empty: a generated id"
                  autocomplete="off"
                  aria-describedby="f-id-error"
                  aria-invalid={saveErrors['id'] ? true : undefined}
                  onInput={(ev) => {
                    setJobId(ev.currentTarget.value);
                    setSaveErrors(({ id: _id, ...rest }) => rest);
                  }}
                />
                <span class="field-error" id="f-id-error" data-error-for="id">
                  {saveErrors['id'] ?? ''}
                </span>
              </div>
            )}
            <ActionFields prefix="action" secretsKept={mode === 'patch'} />
            <ErrorActionFields secretsKept={mode === 'patch'} />
          </fieldset>
          <fieldset class="card">
            <legend>When it runs</legend>
            <ScheduleFields />
            <SelectField
              path="state"
              label="State"
              options={[
                ['enabled', 'enabled'],
                ['disabled', 'disabled'],
              ]}
            />
            <section class="preview" aria-live="polite">
              <h2>
                {scheduleKept && existing?.state === 'enabled'
                  ? 'Next runs (the series is kept)'
                  : 'Next occurrences'}
              </h2>
              {preview.occurrences?.length ? (
                <ol id="preview">
                  {preview.occurrences.map((t) => (
                    <li key={t}>
                      <Time iso={t} zone={getPath(doc, 'recurrence.timeZone') as string | undefined} exact />
                    </li>
                  ))}
                </ol>
              ) : (
                <p class="muted">
                  {preview.occurrences
                    ? doc['state'] === 'disabled'
                      ? 'None while the job is disabled.'
                      : 'No occurrence.'
                    : preview.error !== undefined
                      ? `No preview: ${preview.error.message}`
                      : 'Fill in the schedule to see its occurrences.'}
                </p>
              )}
            </section>
          </fieldset>
        </div>
        {mode === 'replace' && (
          <p class="notice">
            This job is {existing?.state}: saving replaces it and starts a new series. Stored secrets are not
            shown; enter them again.
          </p>
        )}
        {runsNow ? (
          <p class="notice warn" id="runs-now">
            Saving runs this job now:{' '}
            {mode === 'patch' && original?.['state'] === 'disabled'
              ? 'enabling a one-time job whose time has passed runs it at once'
              : doc['startTime']
                ? 'its start time has passed'
                : 'it has no start time, so its first run is the save itself'}
            . Set a start time to begin later.
          </p>
        ) : (
          <p class="notice" id="runs-later">
            {doc['state'] === 'disabled'
              ? 'Saving does not run the job: it is disabled.'
              : mode === 'patch' && scheduleKept && original?.['state'] !== 'disabled'
                ? 'Saving keeps the job’s series: it runs next as listed.'
                : 'Saving does not run the job now.'}
          </p>
        )}
        {clash.length > 0 && (
          <div class="error" role="alert" id="form-clash">
            <p>
              Changed elsewhere since this form was opened: {clash.join(', ')}. Saving now would overwrite
              those changes with this form’s values.
            </p>
            <button
              type="button"
              onClick={() => {
                overwrite.current = true;
                setClash([]);
                formRef.current?.requestSubmit();
              }}
            >
              Save anyway
            </button>{' '}
            <button type="button" onClick={() => location.reload()}>
              Discard my edits and reload
            </button>
          </div>
        )}
        {formError && (
          <p class="error" role="alert" id="form-error" tabindex={-1}>
            {formError.code}: {formError.message}
          </p>
        )}
        <div class="actions">
          <button class="primary" type="submit" disabled={busy}>
            {existing ? 'Save' : 'Create job'}
          </button>
          <a class="button" href={existing ? href.job(c, existing.id) : href.jobs(c)}>
            Cancel
          </a>
        </div>
      </form>
    </FormContext.Provider>
  );
}
