/** Small shared pieces: times, state badges, errors, empty states, the zone switch. */
import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { JobState } from '../api/types.js';
import { exactTime, relativeTime, type ZoneMode } from '../lib/time.js';

export const ZoneContext = createContext<{ mode: ZoneMode; set: (m: ZoneMode) => void }>({
  mode: 'local',
  set: () => undefined,
});

/** Every mounted relative time, re-rendered by one shared timer. */
const ticking = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | undefined;

/**
 * Re-renders every 10 s while mounted: "in 40 s" must not stay "in 40 s" once that time has
 * passed on a page that has nothing new to load.
 */
function useTick(): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const tick = () => setTick((n) => n + 1);
    ticking.add(tick);
    ticker ??= setInterval(() => ticking.forEach((t) => t()), 10_000);
    return () => {
      ticking.delete(tick);
      if (ticking.size === 0 && ticker !== undefined) {
        clearInterval(ticker);
        ticker = undefined;
      }
    };
  }, []);
}

/** Relative time with the exact time (in the chosen zone) on hover and for assistive technology. */
export function Time({
  iso,
  zone,
  exact,
}: {
  iso?: string | undefined;
  zone?: string | undefined;
  exact?: boolean;
}) {
  const { mode } = useContext(ZoneContext);
  useTick();
  if (!iso) return <span class="muted">—</span>;
  const full = exactTime(iso, mode, zone);
  return (
    <time dateTime={iso} title={full} class="time">
      {exact ? full : relativeTime(iso)}
    </time>
  );
}

export function ZoneSwitch() {
  const { mode, set } = useContext(ZoneContext);
  return (
    <label class="zone-switch">
      <span>Times in</span>
      <select value={mode} onChange={(e) => set(e.currentTarget.value as ZoneMode)}>
        <option value="local">local time</option>
        <option value="utc">UTC</option>
        <option value="job">job's time zone</option>
      </select>
    </label>
  );
}

export function StateBadge({ state, id }: { state: JobState; id?: string }) {
  return (
    <span class={`badge state-${state}`} id={id}>
      {state}
    </span>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as { code?: string; message?: string };
  return (
    <p class="error" role="alert">
      {e.code ? `${e.code}: ` : ''}
      {e.message ?? 'Something went wrong.'}
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function Loading() {
  return <p class="muted loading">Loading…</p>;
}
