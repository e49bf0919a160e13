/**
 * The live occurrence preview. The definition is checked by the API's own parser (through
 * /dashboard/preview); when only the action is incomplete (no URI yet), the schedule is previewed
 * with a stand-in action, so the preview never waits for the target.
 */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { ApiError } from '../api/http.js';
import type { CollectionRef, DefinitionDoc } from '../api/types.js';
import type { Doc } from './model.js';

const STAND_IN = { type: 'https', request: { uri: 'https://preview.invalid/', method: 'GET' } } as const;

export interface Preview {
  readonly occurrences: string[] | undefined;
  /** The API's message about the definition as it stands (shown next to a field once touched). */
  readonly error: ApiError | undefined;
}

export function usePreview(
  doc: Doc,
  keptSeries: (() => Promise<string[]>) | undefined,
  editing?: { c: CollectionRef; id: string },
): Preview {
  const [state, setState] = useState<Preview>({ occurrences: undefined, error: undefined });
  const key = JSON.stringify(doc);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void (async () => {
        const def = doc as unknown as DefinitionDoc;
        let error: ApiError | undefined;
        let occurrences: string[] | undefined;
        try {
          occurrences = (await api.preview(def, editing)).occurrences;
        } catch (e) {
          error = e as ApiError;
          if (/^action[.:]/.test(error.message)) {
            occurrences = await api
              .preview({ ...def, action: STAND_IN }, editing)
              .then((r) => r.occurrences)
              .catch(() => undefined);
          }
        }
        if (keptSeries) occurrences = await keptSeries().catch(() => occurrences);
        if (live) setState({ occurrences, error });
      })();
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The document's text is the dependency: a new object with the same content changes nothing.
  }, [key, keptSeries, editing?.c.cloudService, editing?.c.collection, editing?.id]);
  return state;
}
