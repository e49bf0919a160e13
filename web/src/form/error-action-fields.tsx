/** The error action: what runs when the job's action fails for good (after its retries). */
import { ActionFields } from './action-fields.js';
import { useForm } from './fields.js';
import { getPath } from './model.js';

export function ErrorActionFields({ secretsKept }: { secretsKept: boolean }) {
  const f = useForm();
  const on = getPath(f.doc, 'action.errorAction') !== undefined;
  return (
    <fieldset class="group">
      <legend>On failure</legend>
      <label class="check">
        <input
          type="checkbox"
          name="has-error-action"
          checked={on}
          onChange={(e) =>
            f.set(
              'action.errorAction',
              e.currentTarget.checked ? { type: 'https', request: { uri: '', method: 'POST' } } : undefined,
            )
          }
        />
        Run an error action when the job fails
      </label>
      {on && <ActionFields prefix="action.errorAction" secretsKept={secretsKept} />}
    </fieldset>
  );
}
