/** A job's history: status filter, paging, each message (with the captured response) expandable. */
import { showsLateness } from '../../../src/domain/history.js';
import type { HistoryEntry } from '../api/types.js';
import { Time } from '../components/ui.js';
import { duration } from '../lib/time.js';

export type StatusFilter = '' | 'completed' | 'failed' | 'postponed';

interface Props {
  readonly entries: readonly HistoryEntry[] | undefined;
  /** Entries older than this page exist. */
  readonly hasOlder: boolean;
  readonly zone: string | undefined;
  readonly page: { readonly skip: number; readonly top: number; readonly status: StatusFilter };
  readonly onPage: (p: { skip: number; top: number; status: StatusFilter }) => void;
}

export function JobHistory({ entries, hasOlder, zone, page, onPage }: Props) {
  const n = entries?.length ?? 0;
  return (
    <section>
      <h2>History</h2>
      <div class="toolbar">
        <select
          aria-label="History status filter"
          value={page.status}
          onChange={(e) => onPage({ ...page, skip: 0, status: e.currentTarget.value as StatusFilter })}
        >
          <option value="">all statuses</option>
          <option value="completed">completed</option>
          <option value="failed">failed</option>
          <option value="postponed">postponed</option>
        </select>
        <button
          type="button"
          disabled={page.skip === 0}
          onClick={() => onPage({ ...page, skip: Math.max(0, page.skip - page.top) })}
        >
          Newer
        </button>
        <button
          type="button"
          disabled={!hasOlder}
          onClick={() => onPage({ ...page, skip: page.skip + page.top })}
        >
          Older
        </button>
        <span class="muted" aria-live="polite">
          {n ? `entries ${page.skip + 1}–${page.skip + n}` : ''}
        </span>
      </div>
      <div class="table-wrap">
        <table class="history">
          <thead>
            <tr>
              <th>Started</th>
              <th>Status</th>
              <th>Late</th>
              <th>Took</th>
              <th>Occurrence / retry</th>
              <th>Action</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {n === 0 && (
              <tr>
                <td colSpan={7} class="muted">
                  {entries ? 'No history entries.' : 'Loading…'}
                </td>
              </tr>
            )}
            {entries?.map((e) => {
              const st = e.status ?? 'completed';
              const start = Date.parse(e.startTime);
              return (
                <tr
                  class="history-entry"
                  key={`${e.timestamp}|${e.repeatCount}|${e.retryCount}|${e.actionName}`}
                >
                  <td>
                    <Time iso={e.startTime} zone={zone} />
                  </td>
                  <td class={`st-${st}`}>{st}</td>
                  <td>
                    {showsLateness(e) ? (
                      duration(Math.max(0, start - Date.parse(e.expectedExecutionTime)))
                    ) : (
                      <span
                        class="muted"
                        title="A retry or the error action starts when the retry policy says"
                      >
                        —
                      </span>
                    )}
                  </td>
                  <td>{duration(Math.max(0, Date.parse(e.endTime) - start))}</td>
                  <td>
                    #{e.repeatCount}
                    {e.retryCount ? ` retry ${e.retryCount}` : ''}
                  </td>
                  <td>{e.actionName}</td>
                  <td class="msg">
                    <details>
                      <summary class="one-line">{e.message.split('\n')[0]}</summary>
                      <pre>{e.message}</pre>
                    </details>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
