/** Create a collection (and its cloud service when new), or change a collection's plan and quota. */
import { useState } from 'preact/hooks';
import { api } from '../api/client.js';
import { ApiError } from '../api/http.js';
import type { CollectionView, Plan, Quota } from '../api/types.js';
import { ErrorBox } from '../components/ui.js';

type QuotaFrequency = NonNullable<Quota['maxRecurrence']>['frequency'];
const FREQS: QuotaFrequency[] = ['Minute', 'Hour', 'Day', 'Week', 'Month'];

interface Props {
  readonly existing?: CollectionView;
  readonly cloudServices: readonly string[];
  readonly onDone: () => void;
}

export function CollectionEditor({ existing, cloudServices, onDone }: Props) {
  const [cs, setCs] = useState(existing?.cloudService ?? cloudServices[0] ?? '');
  const [newCs, setNewCs] = useState(cloudServices.length === 0);
  const [region, setRegion] = useState('West Europe');
  const [name, setName] = useState(existing?.name ?? '');
  const [plan, setPlan] = useState<Plan>(existing?.plan ?? 'Standard');
  const [maxJobs, setMaxJobs] = useState(String(existing?.quota.maxJobCount ?? ''));
  // Stored and shown, not enforced (docs/reference/scheduling-rules.md §7); the editor PUTs the
  // whole quota, so without this field an edit dropped it.
  const [maxOccurrence, setMaxOccurrence] = useState(String(existing?.quota.maxJobOccurrence ?? ''));
  const [recFreq, setRecFreq] = useState<QuotaFrequency | ''>(existing?.quota.maxRecurrence?.frequency ?? '');
  const [recInterval, setRecInterval] = useState(String(existing?.quota.maxRecurrence?.interval ?? '1'));
  const [error, setError] = useState<unknown>(undefined);
  // A cloud service this form created whose collection was then refused: it exists now, so a
  // second try creates only the collection (and the message says what was and was not done).
  const [createdCs, setCreatedCs] = useState<string | undefined>(undefined);
  const id = existing ? `-${existing.cloudService}-${existing.name}` : '-new';
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      const c = { cloudService: cs.trim(), collection: name.trim() };
      // A PUT would silently replace an existing collection's plan and quota, as `takt collections
      // create` refuses to: creating checks first.
      if (!existing && !newCs && (await api.collectionExists(c)))
        throw new ApiError(
          409,
          'ConflictError',
          `A job collection named '${c.collection}' already exists in ${c.cloudService}: change it with its Edit button.`,
        );
      let created: string | undefined;
      if (!existing && newCs && createdCs !== c.cloudService) {
        await api.createCloudService(c.cloudService, region.trim());
        created = c.cloudService;
        setCreatedCs(created);
      }
      const quota: Quota = {
        ...(maxJobs.trim() ? { maxJobCount: Number(maxJobs) } : {}),
        ...(maxOccurrence.trim() ? { maxJobOccurrence: Number(maxOccurrence) } : {}),
        ...(recFreq ? { maxRecurrence: { frequency: recFreq, interval: Number(recInterval || '1') } } : {}),
      };
      try {
        await api.putCollection(c, plan, quota);
      } catch (err) {
        if (created === undefined || !(err instanceof ApiError)) throw err;
        throw new ApiError(
          err.status,
          err.code,
          `${err.message} The cloud service ${created} was created; the collection was not. Correct it and create again (the cloud service is kept).`,
        );
      }
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form
      class="card editor"
      onSubmit={(e) => void submit(e)}
      aria-label={existing ? `Edit ${existing.name}` : 'New collection'}
    >
      {!existing && (
        <div class="row">
          <div class="field">
            <label for={`cs${id}`}>Cloud service</label>
            {newCs ? (
              <input id={`cs${id}`} value={cs} required onInput={(e) => setCs(e.currentTarget.value)} />
            ) : (
              <select id={`cs${id}`} value={cs} onChange={(e) => setCs(e.currentTarget.value)}>
                {cloudServices.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            )}
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={newCs}
              // Back to the list: the cloud service it shows (the first), not the empty name a
              // new one started from, which the select showed as its first option but sent as ''.
              onChange={(e) => {
                const fresh = e.currentTarget.checked;
                setNewCs(fresh);
                setCs(fresh ? '' : (cloudServices[0] ?? ''));
              }}
            />{' '}
            new cloud service
          </label>
          {newCs && (
            <div class="field">
              <label for={`region${id}`}>Region</label>
              <input id={`region${id}`} value={region} onInput={(e) => setRegion(e.currentTarget.value)} />
            </div>
          )}
          <div class="field">
            <label for={`name${id}`}>Collection name</label>
            <input id={`name${id}`} value={name} required onInput={(e) => setName(e.currentTarget.value)} />
          </div>
        </div>
      )}
      <div class="row">
        <div class="field">
          <label for={`plan${id}`}>Plan</label>
          <select id={`plan${id}`} value={plan} onChange={(e) => setPlan(e.currentTarget.value as Plan)}>
            <option>Free</option>
            <option>Standard</option>
            <option>Premium</option>
          </select>
        </div>
        <div class="field">
          <label for={`max${id}`}>Max jobs (quota)</label>
          <input
            id={`max${id}`}
            type="number"
            min={1}
            value={maxJobs}
            placeholder="plan's limit"
            onInput={(e) => setMaxJobs(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`occ${id}`}>Max occurrences (quota)</label>
          <input
            id={`occ${id}`}
            type="number"
            min={1}
            value={maxOccurrence}
            placeholder="none"
            title="Stored and shown, as Azure Scheduler did; not enforced"
            onInput={(e) => setMaxOccurrence(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`recf${id}`}>Shortest recurrence</label>
          <div class="inline">
            <input
              aria-label="Shortest recurrence interval"
              type="number"
              min={1}
              value={recInterval}
              disabled={!recFreq}
              onInput={(e) => setRecInterval(e.currentTarget.value)}
            />
            <select
              id={`recf${id}`}
              value={recFreq}
              onChange={(e) => setRecFreq(e.currentTarget.value as QuotaFrequency)}
            >
              <option value="">no limit</option>
              {FREQS.map((f) => (
                <option key={f}>{f}</option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <ErrorBox error={error} />
      <div class="actions">
        <button class="primary" type="submit">
          {existing ? 'Save collection' : 'Create collection'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
